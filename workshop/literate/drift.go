package literate

import (
	"fmt"
	"strings"
)

// drift explains how an excerpt differs from its source. It lays the
// excerpt over the source where the most lines agree, and shows the
// first excerpt line that does not: usually the line to fix, or the
// place where lines were added or removed.
func drift(readme string, ex excerpt, source string) string {
	src := strings.Split(source, "\n")
	at, agree := bestAlignment(ex.lines, src)
	if agree == 0 {
		return fmt.Sprintf("No line of it occurs in %s; does the marker "+
			"name the right file?", ex.from)
	}
	for i, line := range ex.lines {
		j := at + i
		var there string
		switch {
		case j < 0 || j >= len(src):
			there = fmt.Sprintf("%s has no line (the file ends)",
				ex.from)
		case src[j] == line:
			continue
		default:
			there = fmt.Sprintf("%s:%d says\n\t%q", ex.from, j+1, src[j])
		}
		return fmt.Sprintf("It lines up best with %s:%d, but at "+
			"%s:%d it says\n\t%q\nwhere %s\nCopy the region from %s "+
			"again.", ex.from, at+1, readme, ex.line+1+i, line, there,
			ex.from)
	}
	// Every line agrees, so the lines are all there but not as one
	// run: the last line is the last of a file with no newline.
	return fmt.Sprintf("Its lines are in %s:%d, but %s does not end "+
		"with a newline.", ex.from, at+1, ex.from)
}

// bestAlignment returns where in src the excerpt's first line should
// sit so that the most lines agree, and how many do. The excerpt may
// hang over either end of src. Ties go to the earliest place.
func bestAlignment(excerpt, src []string) (at, agree int) {
	for start := 1 - len(excerpt); start < len(src); start++ {
		n := 0
		for i, line := range excerpt {
			j := start + i
			if j >= 0 && j < len(src) && src[j] == line {
				n++
			}
		}
		if n > agree {
			at, agree = start, n
		}
	}
	return at, agree
}
