package main

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/literate"
)

// README, "Measure it": the table is the CSV's medians and spread, and
// every number the prose quotes from it is computed from the CSV here.
func TestTheSideBySideNumbersAreTheCSVs(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	// what, model, round, value
	m, err := literate.ReadRounds("measured/sidebyside.csv", 2, 3)
	require.NoError(t, err)
	for _, k := range m.Points() {
		v := m.Of(k...)
		line := fmt.Sprintf("%-24s %-14s %10.3f %10.3f %10.3f", k[0],
			k[1], m.Median(k...), v[0], v[len(v)-1])
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
func readmeQuotes(m literate.Rounds) []string {
	sw := func(model string) float64 { return m.Median("switch-ns", model) }
	rss := func(model string) float64 {
		return m.Median("rss-bytes-per-held-call", model)
	}
	ans := func(n, model string) float64 {
		return m.Median("answer-"+n+"-s", model)
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
