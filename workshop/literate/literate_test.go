package literate_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/literate"
)

// operatorGo is a source file the READMEs below quote from.
const operatorGo = `package main

// answer serves one call.
func answer(fd int) {
	greet(fd)
	name := hear(fd)
	say(fd, lookUp(name))
}

func greet(fd int) {}
`

// A recorder stands in for *testing.T, to see what Check reports.
// Check calls only Helper and Errorf, so the embedded T's other
// methods are never reached.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// check writes the files into a fresh directory, runs Check on its
// README.md, and returns what it reported.
func check(t *testing.T, files map[string]string) []string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		path := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	}
	r := &recorder{TB: t}
	literate.Check(r, filepath.Join(dir, "README.md"))
	return r.errors
}

func TestAnExcerptThatMatchesPasses(t *testing.T) {
	errs := check(t, map[string]string{
		"operator.go": operatorGo,
		"README.md": "# The operator\n\n" +
			"<!-- from operator.go -->\n\n" + // a blank line is fine
			"```go\n" +
			"func answer(fd int) {\n" +
			"\tgreet(fd)\n" +
			"```\n\n" +
			"Run it:\n\n" +
			"```console\n$ go run .\nnot Go, not checked\n```\n\n" +
			"```text\nnor this\n```\n",
	})
	assert.Empty(t, errs)
}

func TestTheWholeFileAndTheLastLineMatch(t *testing.T) {
	errs := check(t, map[string]string{
		"operator.go": operatorGo,
		"README.md": "<!-- from operator.go -->\n```go\n" + operatorGo +
			"```\n\n<!-- from operator.go -->\n" +
			"```go\nfunc greet(fd int) {}\n```\n",
	})
	assert.Empty(t, errs)
}

func TestADriftedExcerptNamesTheLineToFix(t *testing.T) {
	errs := check(t, map[string]string{
		"operator.go": operatorGo,
		"README.md": "# The operator\n\n" +
			"<!-- from operator.go -->\n" +
			"```go\n" + // line 4
			"func answer(fd int) {\n" +
			"\tgreet(fd)\n" +
			"\tname := listen(fd)\n" + // line 7: the source says hear
			"\tsay(fd, lookUp(name))\n" +
			"```\n",
	})
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0], "README.md:4: ")
	assert.Contains(t, errs[0], "not a piece of operator.go")
	assert.Contains(t, errs[0],
		"README.md:7 it says\n\t\"\\tname := listen(fd)\"")
	assert.Contains(t, errs[0], "operator.go:6 says\n\t\"\\tname := hear(fd)\"")
}

func TestAnExcerptMissingALineLinesUpWhereMostAgree(t *testing.T) {
	errs := check(t, map[string]string{
		"operator.go": operatorGo,
		"README.md": "<!-- from operator.go -->\n```go\n" +
			"// answer serves one call.\n" +
			"func answer(fd int) {\n" +
			"\tgreet(fd)\n" +
			"\tsay(fd, lookUp(name))\n" + // the line before it is gone
			"}\n" +
			"```\n",
	})
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0], "lines up best with operator.go:3")
	assert.Contains(t, errs[0], "README.md:6 it says")
	assert.Contains(t, errs[0], `operator.go:6 says`)
}

func TestAnExcerptOfAnotherFileSaysSo(t *testing.T) {
	errs := check(t, map[string]string{
		"operator.go": operatorGo,
		"README.md": "<!-- from operator.go -->\n```go\n" +
			"func main() {}\n```\n",
	})
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0], "No line of it occurs in operator.go")
}

func TestEveryGoExcerptNamesItsSource(t *testing.T) {
	errs := check(t, map[string]string{
		"operator.go": operatorGo,
		"README.md": "# The operator\n\n" +
			"<!-- from operator.go -->\n" +
			"Some text between the marker and the block.\n\n" +
			"```go\nfunc answer(fd int) {\n```\n", // line 6
	})
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0], "README.md:6: ")
	assert.Contains(t, errs[0], "every Go excerpt names its source")
}

func TestAMarkerNamesOneBlockOnly(t *testing.T) {
	errs := check(t, map[string]string{
		"operator.go": operatorGo,
		"README.md": "<!-- from operator.go -->\n" +
			"```go\nfunc answer(fd int) {\n```\n" +
			"```go\nfunc greet(fd int) {}\n```\n", // line 5
	})
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0], "README.md:5: ")
	assert.Contains(t, errs[0], "names its source")
}

func TestAMissingSourceFileIsNamed(t *testing.T) {
	errs := check(t, map[string]string{
		"README.md": "<!-- from loop.go -->\n```go\nfunc run() {}\n```\n",
	})
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0], "README.md:2: ")
	assert.Contains(t, errs[0], "loop.go")
	assert.Contains(t, errs[0], "no such file")
}

func TestTheSourceIsRelativeToTheREADME(t *testing.T) {
	errs := check(t, map[string]string{
		"internal/loop/loop.go": operatorGo,
		"README.md": "<!-- from internal/loop/loop.go -->\n" +
			"```go\nfunc greet(fd int) {}\n```\n",
	})
	assert.Empty(t, errs)
}

func TestAnExcerptFitsTheHandout(t *testing.T) {
	// Two tabs count 8 columns: 8+72 fits, 8+73 does not.
	fits := "\t\t" + strings.Repeat("x", 72)
	wide := "\t\t" + strings.Repeat("y", 73)
	source := "package main\n\nfunc f() {\n" + fits + "\n" + wide + "\n}\n"
	errs := check(t, map[string]string{
		"wide.go": source,
		"README.md": "<!-- from wide.go -->\n```go\n" +
			fits + "\n" + wide + "\n```\n",
	})
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0], "README.md:4: ")
	assert.Contains(t, errs[0], "81 columns")
}

func TestACRLFReadmeReadsLikeAnLFOne(t *testing.T) {
	readme := "# The operator\n\n<!-- from operator.go -->\n" +
		"```go\nfunc answer(fd int) {\n\tgreet(fd)\n```\n" +
		"<!-- from operator.go -->\n" +
		"```go\nfunc answer(fd int) {\n\tgone(fd)\n```\n" // line 9
	errs := check(t, map[string]string{
		"operator.go": operatorGo,
		"README.md":   strings.ReplaceAll(readme, "\n", "\r\n"),
	})
	require.Len(t, errs, 1, "only the second block has drifted")
	assert.Contains(t, errs[0], "README.md:9: ")
	assert.Contains(t, errs[0], "README.md:11 it says\n\t\"\\tgone(fd)\"\n")
}

func TestALongerFenceHoldsAShorterOne(t *testing.T) {
	errs := check(t, map[string]string{
		"operator.go": operatorGo,
		"README.md": "````markdown\n" +
			"```go\nnot an excerpt, an example of markdown\n```\n" +
			"````\n",
	})
	assert.Empty(t, errs)
}

func TestAnUnclosedBlockIsReported(t *testing.T) {
	errs := check(t, map[string]string{
		"operator.go": operatorGo,
		"README.md":   "# Oops\n\n```go\nfunc answer(fd int) {\n",
	})
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0], "line 3 never closes")
}

func TestAnEmptyExcerptIsReported(t *testing.T) {
	errs := check(t, map[string]string{
		"operator.go": operatorGo,
		"README.md":   "<!-- from operator.go -->\n```go\n```\n",
	})
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0], "empty")
}

func TestAMissingReadmeIsReported(t *testing.T) {
	r := &recorder{TB: t}
	literate.Check(r, filepath.Join(t.TempDir(), "README.md"))
	require.Len(t, r.errors, 1)
	assert.Contains(t, r.errors[0], "no such file")
}

func TestASourceWithoutAFinalNewlineIsExplained(t *testing.T) {
	errs := check(t, map[string]string{
		"operator.go": strings.TrimSuffix(operatorGo, "\n"),
		"README.md": "<!-- from operator.go -->\n" +
			"```go\nfunc greet(fd int) {}\n```\n",
	})
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0], "does not end with a newline")
}
