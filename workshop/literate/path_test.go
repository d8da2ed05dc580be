package literate_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/literate"
)

const pathSample = "# 09 · A chapter\n\n" +
	"Five words of prose [here](x.go).\n\n" +
	"<!-- from x.go -->\n```go\nfunc f() {\n}\n```\n\n" +
	"```console\n$ go run .\nok\nok\n```\n\n" +
	"## Exercises\n\nThese words are not read in the path.\n\n" +
	literate.AfterTheWorkshop + "\n\nNor these.\n"

// The path runs from the title to literate.AfterTheWorkshop: its prose, its Go
// and its transcripts are counted apart, the exercises left out.
func TestThePathIsMeasuredUpToAfterTheWorkshop(t *testing.T) {
	p, err := literate.ReadPath(pathSample)
	require.NoError(t, err)
	assert.Equal(t, literate.Path{Words: 5, CodeLines: 2, ShownLines: 3}, p)
	assert.InDelta(t, 5.0/200+2.0/12+3.0/30, p.Minutes(), 1e-9)
}

// A README without the heading has no path, and says so.
func TestAREADMEWithoutAPathFails(t *testing.T) {
	_, err := literate.ReadPath(strings.ReplaceAll(pathSample, literate.AfterTheWorkshop, "## Later"))
	assert.ErrorContains(t, err, "does not say where its workshop path ends")
}

// A path over 20 minutes fails the check, and says what to do.
func TestAPathOverTwentyMinutesFails(t *testing.T) {
	long := strings.Replace(pathSample, "Five words of prose",
		strings.Repeat("word ", 4100), 1)
	dir := t.TempDir()
	readme := filepath.Join(dir, "README.md")
	require.NoError(t, os.WriteFile(readme, []byte(long), 0o644))
	r := &recorder{TB: t}
	literate.CheckPath(r, readme)
	require.Len(t, r.errors, 1)
	assert.Contains(t, r.errors[0], "over 20 minutes")
}
