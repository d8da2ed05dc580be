package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The README's numbers from the committed figure: at 1,000 and 3,000
// callers, 06's time to answer over 05's, as the ratio of the medians
// of three rounds and the range of the rounds' own ratios, each
// computed here from the CSVs and looked for in the README.
func TestTheREADMEQuotesTheAnswerFigure(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	for _, n := range []string{"1000", "3000"} {
		var ours, theirs, ratios []float64
		for round := 1; round <= 3; round++ {
			took := answerTimes(t, fmt.Sprintf("figures/answer-round%d.csv", round), n)
			ours, theirs = append(ours, took["06-callbacks"]), append(theirs, took["05-epoll"])
			ratios = append(ratios, took["06-callbacks"]/took["05-epoll"])
		}
		said := fmt.Sprintf("%.2f times as long as 05 (ratio of medians; "+
			"rounds %.2f to %.2f)", median(ours)/median(theirs),
			slices.Min(ratios), slices.Max(ratios))
		assert.Contains(t, string(readme), said, "N=%s", n)
	}
}

// answerTimes reads one round's CSV: each model's time to answer n
// callers, in seconds.
func answerTimes(t *testing.T, path, n string) map[string]float64 {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	took := map[string]float64{}
	for _, row := range rows[1:] {
		if row[1] == n {
			took[row[0]], err = strconv.ParseFloat(row[3], 64)
			require.NoError(t, err)
		}
	}
	require.Len(t, took, 2, "%s: 05 and 06 at N=%s", path, n)
	return took
}
