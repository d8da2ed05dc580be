package literate

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeCSV(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rounds.csv")
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	return path
}

// Each point's rounds are gathered, sorted, in the order the CSV first
// names the point; a name may hold a comma.
func TestRoundsGatherEachPointsRounds(t *testing.T) {
	r, err := ReadRounds(writeCSV(t, "what,model,round,v\n"+
		"took,b,1,3\ntook,a,1,2\ntook,b,2,1\n\"two, shared\",a,1,7\ntook,b,3,2\n"), 2, 3)
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"took", "b"}, {"took", "a"},
		{"two, shared", "a"}}, r.Points())
	assert.Equal(t, []float64{1, 2, 3}, r.Of("took", "b"))
	assert.Equal(t, []float64{7}, r.Of("two, shared", "a"))
	assert.Empty(t, r.Of("took", "c"))
}

// The median of an odd number of rounds is the middle one; of an even
// number, the mean of the middle two (not the upper of them); of none,
// NaN, which no quote equals.
func TestTheMedianOfRounds(t *testing.T) {
	r, err := ReadRounds(writeCSV(t, "model,v\n"+
		"odd,5\nodd,1\nodd,4\neven,1\neven,2\neven,10\neven,4\n"), 1, 1)
	require.NoError(t, err)
	assert.Equal(t, 4.0, r.Median("odd"))
	assert.Equal(t, 3.0, r.Median("even"))
	assert.True(t, math.IsNaN(r.Median("none")))
}

// A CSV that cannot be read as rounds says where.
func TestRoundsThatCannotBeReadSayWhy(t *testing.T) {
	for _, c := range []struct {
		text         string
		names, value int
		want         string
	}{
		{"model,v\n", 1, 1, "no rounds"},
		{"model,v\na,1\nb,x\n", 1, 1, ":3:"},
		{"model,v\na,1\nb\n", 1, 1, "wrong number of fields"},
		{"model,round,v\na,1,2\n", 1, 3, ":2: 3 columns"},
	} {
		_, err := ReadRounds(writeCSV(t, c.text), c.names, c.value)
		if assert.Error(t, err, c.text) {
			assert.Contains(t, err.Error(), c.want, c.text)
		}
	}
	_, err := ReadRounds(filepath.Join(t.TempDir(), "none.csv"), 1, 1)
	assert.Error(t, err)
}
