package literate

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
)

// Rounds are a measurement committed as a CSV of rounds, one row a
// round of one point: the first columns name the point (what was
// measured, of which model, at what size), and one column holds the
// round's value. A README quotes their medians and spreads, and a
// chapter's test computes them here and looks for them in the README,
// so that a number in the prose is the CSV's.
type Rounds struct {
	points [][]string           // each point's names, in the order first met
	values map[string][]float64 // each point's rounds, sorted
}

// ReadRounds reads the CSV at path, with a header row: its first names
// columns name a point, and column value (counted from 0) is a round's
// value. Rows that name the same point are its rounds.
func ReadRounds(path string, names, value int) (Rounds, error) {
	f, err := os.Open(path)
	if err != nil {
		return Rounds{}, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return Rounds{}, fmt.Errorf("%s: %w", path, err)
	}
	if len(rows) < 2 {
		return Rounds{}, fmt.Errorf("%s: no rounds", path)
	}
	r := Rounds{values: map[string][]float64{}}
	for i, row := range rows[1:] {
		if len(row) <= max(names-1, value) {
			return Rounds{}, fmt.Errorf("%s:%d: %d columns", path, i+2, len(row))
		}
		v, err := strconv.ParseFloat(row[value], 64)
		if err != nil {
			return Rounds{}, fmt.Errorf("%s:%d: %w", path, i+2, err)
		}
		k := key(row[:names])
		if _, ok := r.values[k]; !ok {
			r.points = append(r.points, row[:names])
		}
		r.values[k] = append(r.values[k], v)
	}
	for _, v := range r.values {
		slices.Sort(v)
	}
	return r, nil
}

// key joins a point's names with a NUL, which no name holds (a name
// may hold a comma: "two cores, shared").
func key(names []string) string { return strings.Join(names, "\x00") }

// Points are the names of each point, in the order the CSV first has
// them.
func (r Rounds) Points() [][]string { return r.points }

// Of is the point's rounds, least first; none if the CSV has no such
// point.
func (r Rounds) Of(names ...string) []float64 { return r.values[key(names)] }

// Median is the middle of the point's rounds, or the mean of the middle
// two; NaN if it has none, so that a quote of it can never match.
func (r Rounds) Median(names ...string) float64 {
	v := r.Of(names...)
	switch n := len(v); {
	case n == 0:
		return math.NaN()
	case n%2 == 1:
		return v[n/2]
	default:
		return (v[n/2-1] + v[n/2]) / 2
	}
}
