package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// README, "Measure it": the table is the CSV's medians and spread, and
// every number the prose quotes from it is computed from the CSV here.
func TestTheSideBySideNumbersAreTheCSVs(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	m := sideBySide(t, "measured/sidebyside.csv")
	for _, k := range m.order {
		v := m.values[k]
		line := fmt.Sprintf("%-24s %-14s %10.3f %10.3f %10.3f", k[0],
			k[1], median(v), v[0], v[len(v)-1])
		assert.True(t, strings.Contains(string(readme), line),
			"the README's table should have the line\n%s", line)
		assert.GreaterOrEqual(t, len(v), 3, "rounds of %v", k)
	}
	// The prose is wrapped: compare it with its white space collapsed.
	prose := strings.Join(strings.Fields(string(readme)), " ")
	for _, q := range readmeQuotes(m) {
		assert.True(t, strings.Contains(prose, q),
			"the README should say\n%s", q)
	}
}

// readmeQuotes are the numbers the README's prose quotes, as it
// prints them.
func readmeQuotes(m measured) []string {
	sw := func(model string) float64 { return m.median("switch-ns", model) }
	rss := func(model string) float64 {
		return m.median("rss-bytes-per-held-call", model)
	}
	ans := func(n, model string) float64 {
		return m.median("answer-"+n+"-s", model)
	}
	return []string{
		fmt.Sprintf("took %.0f ns; iter.Pull's switch alone, with no "+
			"scheduler and no loop, %.0f ns", sw("07-coroutines"),
			sw("iter.Pull")),
		fmt.Sprintf("a goroutine hand-off and back, %.0f ns (%.1f times ours)",
			sw("07-goroutines"), sw("07-goroutines")/sw("07-coroutines")),
		fmt.Sprintf("chapter 6's callbacks, %.0f ns (%.1f times)",
			sw("06-callbacks"), sw("06-callbacks")/sw("07-coroutines")),
		fmt.Sprintf("Ours held %.1f KiB a call, %.1f times chapter 6's %.2f KiB",
			rss("07-coroutines")/1024,
			rss("07-coroutines")/rss("06-callbacks"),
			rss("06-callbacks")/1024),
		fmt.Sprintf("Go's goroutines held %.1f KiB, %.1f times ours",
			rss("07-goroutines")/1024,
			rss("07-goroutines")/rss("07-coroutines")),
		fmt.Sprintf("3,000 callers: ours %.2f s, Go's goroutines %.2f s, "+
			"chapter 6's callbacks %.2f s", ans("3000", "07-coroutines"),
			ans("3000", "07-goroutines"), ans("3000", "06-callbacks")),
		fmt.Sprintf("9,000: %.2f s, %.2f s and %.2f s",
			ans("9000", "07-coroutines"), ans("9000", "07-goroutines"),
			ans("9000", "06-callbacks")),
		fmt.Sprintf("(ours %.2f times Go's goroutines' time)",
			ans("9000", "07-coroutines")/ans("9000", "07-goroutines")),
		fmt.Sprintf("`gonet`, which sleeps instead of asking a records "+
			"room, %.2f s and %.2f s",
			ans("3000", "gonet"), ans("9000", "gonet")),
	}
}

// measured is the CSV: each (what, model)'s values over the rounds,
// sorted, in the order they first appear.
type measured struct {
	order  [][2]string
	values map[[2]string][]float64
}

func (m measured) median(what, model string) float64 {
	return median(m.values[[2]string{what, model}])
}

func sideBySide(t *testing.T, path string) measured {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	m := measured{values: map[[2]string][]float64{}}
	for _, r := range rows[1:] {
		k := [2]string{r[0], r[1]}
		v, err := strconv.ParseFloat(r[3], 64)
		require.NoError(t, err)
		if m.values[k] == nil {
			m.order = append(m.order, k)
		}
		m.values[k] = append(m.values[k], v)
	}
	for _, v := range m.values {
		slices.Sort(v)
	}
	return m
}

func median(sorted []float64) float64 {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}
