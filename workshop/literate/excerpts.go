package literate

import (
	"fmt"
	"regexp"
	"strings"
)

// An excerpt is one fenced code block in a README.
type excerpt struct {
	line  int      // the README line of the opening fence, from 1
	lang  string   // the first word of the info string: "go", "console"
	from  string   // the file named by a <!-- from FILE --> just above
	lines []string // the lines between the fences, without newlines
}

// marker is the comment that names an excerpt's source.
var marker = regexp.MustCompile(`^\s*<!--\s*from\s+(\S+)\s*-->\s*$`)

// fence matches a line that opens or closes a code block: up to three
// spaces, then three or more backticks or tildes, then the info string.
var fence = regexp.MustCompile("^( {0,3})(`{3,}|~{3,})(.*)$")

// excerpts finds the fenced code blocks in a README's text. Line endings
// may be "\n" or "\r\n": a README edited on Windows reads the same.
func excerpts(readme string) ([]excerpt, error) {
	lines := strings.Split(strings.ReplaceAll(readme, "\r\n", "\n"), "\n")
	var found []excerpt
	var open *excerpt  // the block we are in, if any
	var closing string // the fence that ends it
	var indent int     // spaces before its opening fence
	var lastText string
	for i, line := range lines {
		m := fence.FindStringSubmatch(line)
		if open == nil {
			if m == nil {
				if strings.TrimSpace(line) != "" {
					lastText = line
				}
				continue
			}
			open = &excerpt{line: i + 1, lang: firstWord(m[3])}
			if src := marker.FindStringSubmatch(lastText); src != nil {
				open.from = src[1]
			}
			closing, indent, lastText = m[2], len(m[1]), ""
			continue
		}
		if m != nil && m[2][0] == closing[0] &&
			len(m[2]) >= len(closing) && strings.TrimSpace(m[3]) == "" {
			found = append(found, *open)
			open = nil
			continue
		}
		// An indented fence's content loses as much indentation.
		for range indent {
			line, _ = strings.CutPrefix(line, " ")
		}
		open.lines = append(open.lines, line)
	}
	if open != nil {
		return found, fmt.Errorf("the code block at line %d never closes",
			open.line)
	}
	return found, nil
}

func firstWord(info string) string {
	if f := strings.Fields(info); len(f) > 0 {
		return f[0]
	}
	return ""
}
