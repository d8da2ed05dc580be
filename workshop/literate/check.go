package literate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// Width is the handout's width in columns: an excerpt must print
// without wrapping.
const Width = 80

// tabWidth is how many columns a tab takes on the handout.
const tabWidth = 4

// Check fails t once for every Go excerpt in the README at path readme
// that does not name its source, is not a contiguous piece of that
// source byte for byte, or is wider than the handout. Blocks in other
// languages (console, text, sh) are shown output, not code, and are
// not checked.
//
// Each failure says where the excerpt is and which line to fix, so a
// drifted excerpt takes a minute to mend.
func Check(t testing.TB, readme string) {
	t.Helper()
	text, err := os.ReadFile(readme)
	if err != nil {
		t.Errorf("literate: %v", err)
		return
	}
	blocks, err := excerpts(string(text))
	if err != nil {
		t.Errorf("%s: %v", readme, err)
	}
	for _, ex := range blocks {
		if ex.lang == "go" {
			checkExcerpt(t, readme, ex)
		}
	}
}

// checkExcerpt checks one Go excerpt.
func checkExcerpt(t testing.TB, readme string, ex excerpt) {
	t.Helper()
	if ex.from == "" {
		t.Errorf("%s:%d: a go block with no <!-- from FILE --> above it: "+
			"every Go excerpt names its source", readme, ex.line)
		return
	}
	if len(ex.lines) == 0 {
		t.Errorf("%s:%d: the go block from %s is empty",
			readme, ex.line, ex.from)
		return
	}
	for i, line := range ex.lines {
		if w := columns(line); w > Width {
			t.Errorf("%s:%d: this excerpt line is %d columns (a tab "+
				"counts %d); the handout fits %d:\n\t%q",
				readme, ex.line+1+i, w, tabWidth, Width, line)
		}
	}

	path := filepath.Join(filepath.Dir(readme), ex.from)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Errorf("%s:%d: the go block's source: %v", readme, ex.line, err)
		return
	}
	source := strings.ReplaceAll(string(src), "\r\n", "\n")
	if strings.Contains(source, strings.Join(ex.lines, "\n")+"\n") {
		return
	}
	t.Errorf("%s:%d: the go block is not a piece of %s any more.\n%s",
		readme, ex.line, ex.from, drift(readme, ex, source))
}

// columns is how wide line prints, a tab counting tabWidth.
func columns(line string) int {
	tabs := strings.Count(line, "\t")
	return utf8.RuneCountInString(line) + tabs*(tabWidth-1)
}
