package main

import (
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/literate"
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
			// model, n, lookup_s, elapsed_s: the time to answer n.
			took, err := literate.ReadRounds(
				fmt.Sprintf("figures/answer-round%d.csv", round), 2, 3)
			require.NoError(t, err)
			o, p := took.Median("06-callbacks", n), took.Median("05-epoll", n)
			ours, theirs = append(ours, o), append(theirs, p)
			ratios = append(ratios, o/p)
		}
		said := fmt.Sprintf("%.2f times as long as 05 (ratio of medians; "+
			"rounds %.2f to %.2f)", median(ours)/median(theirs),
			slices.Min(ratios), slices.Max(ratios))
		assert.Contains(t, string(readme), said, "N=%s", n)
	}
}
