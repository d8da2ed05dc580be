package literate

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
)

// A chapter's README opens with its workshop path: what a 45-minute
// slot reads, runs and does. Everything from its top down to the
// heading AfterTheWorkshop is the path, and its Exercises section is
// the doing; what follows the heading is read later.
const (
	AfterTheWorkshop = "## After the workshop"
	pathExercises    = "## Exercises"
	// PathMinutes is the most the path may take to read.
	PathMinutes = 20.0
)

// The pace a path is measured at. Prose is read at 200 words a minute
// (a careful technical read: a novel goes at 250 to 300). Go code is
// read a line at a time, 5 s a line, 12 lines a minute; a transcript
// or a diagram is looked over, 2 s a line. A measure, not a promise:
// it is how the paths of chapters 1 to 5 are kept comparable.
const (
	proseWordsPerMinute = 200
	codeLinesPerMinute  = 12
	shownLinesPerMinute = 30
)

// A Path is what a README's workshop path asks to be read.
type Path struct {
	Words      int // prose, tables and lists, link targets left out
	CodeLines  int // lines of Go
	ShownLines int // lines of transcripts, diagrams and other blocks
}

// Minutes is how long the path takes to read at the pace above.
func (p Path) Minutes() float64 {
	return float64(p.Words)/proseWordsPerMinute +
		float64(p.CodeLines)/codeLinesPerMinute +
		float64(p.ShownLines)/shownLinesPerMinute
}

func (p Path) String() string {
	return fmt.Sprintf("%.1f minutes: %d words, %d lines of Go, "+
		"%d lines shown", p.Minutes(), p.Words, p.CodeLines, p.ShownLines)
}

var (
	linkTarget  = regexp.MustCompile(`\]\([^)]*\)`)
	htmlComment = regexp.MustCompile(`<!--.*?-->`)
)

// ReadPath measures the workshop path of a README's text: from the
// title down to AfterTheWorkshop, less its Exercises section.
func ReadPath(readme string) (Path, error) {
	lines := strings.Split(strings.ReplaceAll(readme, "\r\n", "\n"), "\n")
	var p Path
	var inCode, inExercises, ended bool
	var lang, closing string
	for _, line := range lines[1:] {
		if m := fence.FindStringSubmatch(line); m != nil {
			if !inCode {
				inCode, lang, closing = true, firstWord(m[3]), m[2]
				continue
			}
			if m[2][0] == closing[0] && strings.TrimSpace(m[3]) == "" {
				inCode = false
				continue
			}
		}
		if !inCode && strings.HasPrefix(line, "## ") {
			if strings.TrimSpace(line) == AfterTheWorkshop {
				ended = true
				break
			}
			inExercises = strings.TrimSpace(line) == pathExercises
		}
		switch {
		case inExercises:
		case inCode && lang == "go":
			p.CodeLines++
		case inCode:
			p.ShownLines++
		default:
			line = htmlComment.ReplaceAllString(line, "")
			line = linkTarget.ReplaceAllString(line, "]")
			for _, w := range strings.Fields(line) {
				if strings.Trim(w, "#|*-:>`") != "" {
					p.Words++
				}
			}
		}
	}
	if !ended {
		return p, fmt.Errorf("no %q heading: the README does not say "+
			"where its workshop path ends", AfterTheWorkshop)
	}
	return p, nil
}

// CheckPath fails t if the README at path readme has no workshop path,
// or if its path takes more than PathMinutes to read. It logs the
// measure, so a run with -v shows it.
func CheckPath(t testing.TB, readme string) {
	t.Helper()
	text, err := os.ReadFile(readme)
	if err != nil {
		t.Errorf("literate: %v", err)
		return
	}
	p, err := ReadPath(string(text))
	if err != nil {
		t.Errorf("%s: %v", readme, err)
		return
	}
	t.Logf("%s: the workshop path reads in %v", readme, p)
	if p.Minutes() > PathMinutes {
		t.Errorf("%s: the workshop path reads in %v, over %.0f minutes: "+
			"move a section below %q", readme, p, PathMinutes,
			AfterTheWorkshop)
	}
}
