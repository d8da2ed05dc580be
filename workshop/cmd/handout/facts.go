package main

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// What a handout's first page says about the chapter, each fact taken
// from the README (and the chapter's go.mod) so the page cannot drift
// from the chapter.

// Reading pace and exercise time behind an estimate of how long a
// chapter takes when its README does not say. A workshop reads
// technical prose with code slower than a novel, and an exercise is
// read, written, tested and fixed at least once.
const (
	wordsPerMinute     = 150
	minutesPerExercise = 15
)

// A statement of time: a number of minutes or hours near a word that
// says what the time is for ("45 minutes to read", "a 90-minute slot").
var (
	durationRE = regexp.MustCompile(`(?i)\b\d+(\s*(–|-|to)\s*\d+)?[\s-]*` +
		`(min|mins|minutes?|h|hours?)\b`)
	durationForRE = regexp.MustCompile(`(?i)\b(read|reading|exercises?|` +
		`workshop|slot|session|takes?|allow)\b`)
)

// duration says how long the chapter takes: the README's own sentence
// if it has one, else an estimate that says it is one and from what.
func (ch *chapter) duration() string {
	if s := ch.statedDuration(); s != "" {
		return s
	}
	words := ch.words(false)
	ex := len(ch.exercises())
	mins := (words+wordsPerMinute-1)/wordsPerMinute + ex*minutesPerExercise
	mins = (mins + 4) / 5 * 5
	return fmt.Sprintf("About %s. An estimate: the README does not say; "+
		"%s words read at %d a minute, and %d minutes for each of its "+
		"%d exercises.", minutes(mins), thousands(words), wordsPerMinute,
		minutesPerExercise, ex)
}

// workshopPath is the section at the top of a README that says what a
// 45-minute workshop slot reads and does.
const workshopPath = "The workshop path"

// statedDuration finds the README's sentence on how long the chapter
// takes, in its introduction, its workshop path or its Exercises
// section.
func (ch *chapter) statedDuration() string {
	nodes := append([]ast.Node{}, ch.intro...)
	for _, s := range ch.sections {
		if s.Kind == exercisesSection || s.Title == workshopPath {
			nodes = append(nodes, s.Nodes...)
		}
	}
	found := ""
	for _, n := range nodes {
		// Any paragraph: the statement may sit in a list or a quote.
		_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if _, ok := n.(*ast.Paragraph); !ok || !entering || found != "" {
				return ast.WalkContinue, nil
			}
			for _, sentence := range sentences(plainText(n, ch.Source)) {
				if durationRE.MatchString(sentence) &&
					durationForRE.MatchString(sentence) {
					found = sentence
					return ast.WalkStop, nil
				}
			}
			return ast.WalkSkipChildren, nil
		})
		if found != "" {
			return found
		}
	}
	return ""
}

var sentenceEndRE = regexp.MustCompile(`[.!?]\s+`)

func sentences(p string) []string {
	var out []string
	for {
		loc := sentenceEndRE.FindStringIndex(p)
		if loc == nil {
			break
		}
		out = append(out, p[:loc[0]+1])
		p = p[loc[1]:]
	}
	if p != "" {
		out = append(out, p)
	}
	return out
}

func minutes(m int) string {
	if m < 60 {
		return fmt.Sprintf("%d minutes", m)
	}
	if m%60 == 0 {
		return fmt.Sprintf("%d h", m/60)
	}
	return fmt.Sprintf("%d h %02d min", m/60, m%60)
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// A tool a chapter's commands call that a fresh machine may not have,
// and how to get it on Debian or Ubuntu.
type tool struct {
	command, what, install string
}

var tools = []tool{
	{"strace", "strace, to watch the system calls", "apt-get install strace"},
	{"nc", "nc, OpenBSD's, to call by hand", "apt-get install netcat-openbsd"},
	{"nstat", "nstat, for the kernel's TCP counters", "apt-get install iproute2"},
	{"ss", "ss, to list sockets", "apt-get install iproute2"},
	{"prlimit", "prlimit, to set limits", "apt-get install util-linux"},
	{"taskset", "taskset, to pin to a core", "apt-get install util-linux"},
	{"perf", "perf, to profile", "apt-get install linux-perf"},
	{"curl", "curl", "apt-get install curl"},
}

// prerequisites lists what to have installed: Go at the version the
// chapter's go.mod asks for, and every tool its commands call.
func (ch *chapter) prerequisites() []string {
	var out []string
	if ch.Go != "" {
		v := ch.Go
		if parts := strings.Split(v, "."); len(parts) > 2 {
			v = parts[0] + "." + parts[1]
		}
		out = append(out, fmt.Sprintf("Go %s or later (the chapter's go.mod "+
			"says go %s), on Linux", v, ch.Go))
	}
	code := ch.commands()
	for _, t := range tools {
		re := regexp.MustCompile(`(^|[\s|;&(` + "`" + `])` +
			regexp.QuoteMeta(t.command) + `(\s|$|` + "`" + `)`)
		if re.MatchString(code) {
			out = append(out, fmt.Sprintf("%s: %s", t.what, t.install))
		}
	}
	out = append(out, fmt.Sprintf("A clone of the repository, its "+
		"modules fetched beforehand: cd %s && go mod download", ch.Dir))
	return out
}

// commands gathers the text a reader types: shell blocks and code spans.
func (ch *chapter) commands() string {
	var b strings.Builder
	_ = ast.Walk(ch.doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := n.(type) {
		case *ast.FencedCodeBlock:
			lang := string(c.Language(ch.Source))
			lines := c.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				line := string(seg.Value(ch.Source))
				// In a transcript only what follows a prompt is typed.
				switch {
				case strings.HasPrefix(line, "$ "):
					b.WriteString(line[2:])
				case lang == "sh" || lang == "bash" || lang == "shell":
					b.WriteString(line)
				}
				b.WriteByte('\n')
			}
		case *ast.CodeSpan:
			b.WriteString(plainText(c, ch.Source))
			b.WriteByte('\n')
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
