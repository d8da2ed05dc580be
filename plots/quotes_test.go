package main

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A README that quotes a number read from a committed figure says where
// it comes from in a comment right after it, as `literate` does for
// code:
//
//	took 0.91<!-- figure 1-answer.csv: elapsed_s[model=05-epoll,n=10000] / elapsed_s[model=gonet,n=10000] --> times
//
// The expression is one term, or two divided: a term is a CSV column
// over the rows that match the filters (none: every row; a value may
// hold a comma), reduced to their median (or
// with "min " or "max " before it, their least or most), and the
// whole may end in "* 100" for a percentage. The quote is the last
// number before the comment on its line; it must be the expression's
// value rounded to as many decimals as the quote has.

var (
	quoteMarker = regexp.MustCompile(`<!-- figure ([0-9a-z-]+\.csv): ([^>]*?) -->`)
	quoteNumber = regexp.MustCompile(`[0-9][0-9,]*(?:\.[0-9]+)?`)
	quoteTerm   = regexp.MustCompile(`^\s*(?:(min|max|median)\s+)?([a-z0-9_]+)(?:\[([^\]]*)\])?\s*$`)
)

// checkQuotes checks every marked quote in a README's text against the
// CSVs in figures, and returns one error per quote that is wrong, and
// how many it checked.
func checkQuotes(readme, text, figures string) (int, []error) {
	var errs []error
	checked := 0
	for i, line := range strings.Split(text, "\n") {
		for _, loc := range quoteMarker.FindAllStringSubmatchIndex(line, -1) {
			checked++
			where := fmt.Sprintf("%s:%d", readme, i+1)
			file, expr := line[loc[2]:loc[3]], line[loc[4]:loc[5]]
			before := quoteMarker.ReplaceAllString(line[:loc[0]], "")
			nums := quoteNumber.FindAllString(before, -1)
			if len(nums) == 0 {
				errs = append(errs, fmt.Errorf("%s: no number before the marker", where))
				continue
			}
			quoted, _ := strconv.ParseFloat(strings.ReplaceAll(nums[len(nums)-1], ",", ""), 64)
			got, err := evalQuote(filepath.Join(figures, file), expr)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %s: %v", where, file, err))
				continue
			}
			if !closeEnough(nums[len(nums)-1], quoted, got) {
				errs = append(errs, fmt.Errorf("%s: quotes %v, but %s gives %.6g (%s)",
					where, nums[len(nums)-1], file, got, expr))
			}
		}
	}
	return checked, errs
}

// closeEnough says whether quoted, written as text, is got rounded to
// as many decimals as text has: a quote says what the CSV says, to its
// last digit.
func closeEnough(text string, quoted, got float64) bool {
	decimals := 0
	if _, frac, ok := strings.Cut(text, "."); ok {
		decimals = len(frac)
	}
	halfUnit := 0.5 * math.Pow(10, -float64(decimals))
	return math.Abs(quoted-got) <= halfUnit*(1+1e-9)
}

// evalQuote evaluates a marker's expression over a CSV.
func evalQuote(path, expr string) (float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return 0, err
	}
	if len(rows) < 2 {
		return 0, fmt.Errorf("no rows")
	}
	scale := 1.0
	if e, s, ok := strings.Cut(expr, "*"); ok {
		if scale, err = strconv.ParseFloat(strings.TrimSpace(s), 64); err != nil {
			return 0, fmt.Errorf("%q: not a number after *", s)
		}
		expr = e
	}
	var vals []float64
	for _, term := range strings.Split(expr, "/") {
		v, err := evalTerm(rows, term)
		if err != nil {
			return 0, err
		}
		vals = append(vals, v)
	}
	switch len(vals) {
	case 1:
		return scale * vals[0], nil
	case 2:
		return scale * vals[0] / vals[1], nil
	}
	return 0, fmt.Errorf("%q: one term, or two divided", expr)
}

func evalTerm(rows [][]string, term string) (float64, error) {
	m := quoteTerm.FindStringSubmatch(term)
	if m == nil {
		return 0, fmt.Errorf("%q is not column[key=value,...]", term)
	}
	col := -1
	head := rows[0]
	for i, h := range head {
		if h == m[2] {
			col = i
		}
	}
	if col < 0 {
		return 0, fmt.Errorf("no column %q", m[2])
	}
	filters := map[int]string{}
	for _, kv := range splitFilters(m[3]) {
		k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
		if !ok {
			return 0, fmt.Errorf("%q: a filter is key=value", kv)
		}
		found := false
		for i, h := range head {
			if h == k {
				filters[i], found = v, true
			}
		}
		if !found {
			return 0, fmt.Errorf("no column %q to filter on", k)
		}
	}
	var xs []float64
rows:
	for _, row := range rows[1:] {
		for i, v := range filters {
			if row[i] != v {
				continue rows
			}
		}
		x, err := strconv.ParseFloat(row[col], 64)
		if err != nil {
			return 0, fmt.Errorf("%s=%q is not a number", m[2], row[col])
		}
		xs = append(xs, x)
	}
	if len(xs) == 0 {
		return 0, fmt.Errorf("no row matches %s", term)
	}
	switch m[1] {
	case "min":
		return spreadOf(xs).lo, nil
	case "max":
		return spreadOf(xs).hi, nil
	}
	return median(xs), nil
}

// splitFilters splits "model=gnet,layout=two cores, shared" at the
// commas that start a key=value: a value may hold a comma.
func splitFilters(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if len(out) > 0 && !strings.Contains(part, "=") {
			out[len(out)-1] += "," + part
			continue
		}
		if strings.TrimSpace(part) != "" {
			out = append(out, part)
		}
	}
	return out
}

// Every README of the repository: each quote of a committed figure
// agrees with its CSV.
func TestEveryNumberQuotedFromAFigureAgreesWithItsCSV(t *testing.T) {
	root, err := findRoot()
	require.NoError(t, err)
	readmes, _ := filepath.Glob(filepath.Join(root, "*", "README.md"))
	readmes = append(readmes, filepath.Join(root, "README.md"))
	total := 0
	for _, path := range readmes {
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		rel, _ := filepath.Rel(root, path)
		n, errs := checkQuotes(rel, string(b), filepath.Join(root, "plots", "figures"))
		total += n
		for _, err := range errs {
			t.Error(err)
		}
	}
	t.Logf("%d quotes checked", total)
	assert.Greater(t, total, 20, "the READMEs quote the figures: where are their markers?")
}

// The checker catches a quote off in its last digit, a quote of the wrong model, and
// a marker that names what the CSV does not have.
func TestTheQuoteCheckerCatchesAWrongQuote(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "x.csv"), []byte(
		"model,round,n,v\na,1,10,1\na,2,10,3\na,3,10,2\nb,1,10,4\nb,2,10,4\nb,3,10,5\n"), 0o644))
	ok := func(s string) {
		n, errs := checkQuotes("R", s, dir)
		assert.Equal(t, 1, n, s)
		assert.Empty(t, errs, s)
	}
	bad := func(s string) {
		n, errs := checkQuotes("R", s, dir)
		assert.Equal(t, 1, n, s)
		assert.NotEmpty(t, errs, "a wrong quote passed: %s", s)
	}
	ok("a is 0.5<!-- figure x.csv: v[model=a] / v[model=b] --> times b")
	ok("a is 0.50<!-- figure x.csv: v[model=a,n=10] / v[model=b] --> times b")
	ok("at most 3<!-- figure x.csv: max v[model=a] -->, at least")
	ok("50 %<!-- figure x.csv: v[model=a] / v[model=b] * 100 -->")
	ok("at most 5<!-- figure x.csv: max v -->, over every row")
	bad("a is 0.56<!-- figure x.csv: v[model=a] / v[model=b] --> times b")
	bad("a is 0.52<!-- figure x.csv: v[model=a] / v[model=b] --> times b")
	bad("a is 0.44<!-- figure x.csv: v[model=a] / v[model=b] --> times b")
	bad("a is 2<!-- figure x.csv: v[model=b] --> (it is b's)")
	bad("a is 2<!-- figure x.csv: v[model=c] -->")
	bad("a is 2<!-- figure x.csv: w[model=a] -->")
	bad("a is 2<!-- figure y.csv: v[model=a] -->")
	bad("a is two<!-- figure x.csv: v[model=a] -->")
}
