package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// A chapter is one NN-name directory at the repository root, its README
// parsed and cut into the sections a handout lays out differently.
type chapter struct {
	Dir    string // "01-blocking", also its path from the root
	Root   string // the repository root, absolute
	Title  string // the README's first heading, as plain text
	Source []byte // the README
	Go     string // the go directive of the chapter's go.mod, "" if none

	doc      ast.Node
	intro    []ast.Node // what comes after the title, before the first ##
	sections []*section // one per ## heading, in order
}

// A section is a ## heading and everything up to the next one.
type section struct {
	Heading *ast.Heading
	Title   string // plain text of the heading
	ID      string // its anchor
	Kind    sectionKind
	Nodes   []ast.Node // the heading's followers, not the heading
}

type sectionKind int

const (
	plainSection sectionKind = iota
	exercisesSection
	solutionsSection
	// afterSection is "After the workshop": the README's workshop
	// path ends where it starts.
	afterSection
)

var exerciseNumberRE = regexp.MustCompile(`^(?i)exercise\s+\d+\s*[:.·—–-]\s*`)

var chapterDirRE = regexp.MustCompile(`^[0-9][0-9]-[A-Za-z0-9-]+$`)

// findRoot walks up from dir to the directory holding go.work: the
// chapters and the .gitignore that hides handouts/ live there.
func findRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.work")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no go.work in %s or above it: "+
				"run this inside a clone of the repository", dir)
		}
	}
}

// chapterDirs lists the NN-name directories under root that hold a
// README.md, in order. want, if not empty, keeps only the one whose
// number or whole name it is ("03" or "03-pool").
func chapterDirs(root, want string) ([]string, error) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, err
	}
	var dirs []string
	for _, e := range entries {
		if !chapterDirRE.MatchString(e.Name()) {
			continue
		}
		// Stat, not the entry's type: a chapter may be a symbolic link.
		if fi, err := os.Stat(filepath.Join(root, e.Name())); err != nil || !fi.IsDir() {
			continue
		}
		if _, err := os.Stat(filepath.Join(root, e.Name(), "README.md")); err != nil {
			continue
		}
		if want != "" && want != e.Name() && want != e.Name()[:2] {
			continue
		}
		dirs = append(dirs, e.Name())
	}
	sort.Strings(dirs)
	if len(dirs) == 0 {
		if want != "" {
			return nil, fmt.Errorf("no chapter %q under %s", want, root)
		}
		return nil, fmt.Errorf("no chapters (NN-name/README.md) under %s", root)
	}
	return dirs, nil
}

// newMarkdown is the Markdown dialect of the READMEs: GitHub's tables and
// strikethrough, headings with anchors, raw HTML passed through (the
// READMEs hold <!-- from FILE --> markers and, later, <img> tags).
func newMarkdown(extra ...goldmark.Option) goldmark.Markdown {
	opts := []goldmark.Option{
		goldmark.WithExtensions(extension.Table, extension.Strikethrough),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	}
	return goldmark.New(append(opts, extra...)...)
}

// loadChapter reads and parses dir's README.
func loadChapter(root, dir string) (*chapter, error) {
	src, err := os.ReadFile(filepath.Join(root, dir, "README.md"))
	if err != nil {
		return nil, err
	}
	ch := &chapter{Dir: dir, Root: root, Source: src}
	ch.Go = goDirective(filepath.Join(root, dir, "go.mod"))
	ch.doc = newMarkdown().Parser().Parse(text.NewReader(src))
	var cur *section
	for n := ch.doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, isHeading := n.(*ast.Heading)
		switch {
		case isHeading && h.Level == 1 && ch.Title == "" && cur == nil:
			ch.Title = plainText(h, src)
		case isHeading && h.Level == 2:
			cur = &section{Heading: h, Title: plainText(h, src)}
			if id, ok := h.AttributeString("id"); ok {
				cur.ID = string(id.([]byte))
			}
			cur.Kind = kindOf(cur.Title)
			ch.sections = append(ch.sections, cur)
		case cur == nil:
			ch.intro = append(ch.intro, n)
		default:
			cur.Nodes = append(cur.Nodes, n)
		}
	}
	if ch.Title == "" {
		return nil, fmt.Errorf("%s/README.md: no # title before its first ## heading", dir)
	}
	return ch, nil
}

func kindOf(title string) sectionKind {
	t := strings.ToLower(title)
	switch {
	case t == "after the workshop":
		return afterSection
	case strings.Contains(t, "solution"):
		return solutionsSection
	case strings.Contains(t, "exercise"):
		return exercisesSection
	}
	return plainSection
}

var goDirectiveRE = regexp.MustCompile(`(?m)^go\s+([0-9][0-9.]*)\s*$`)

func goDirective(gomod string) string {
	b, err := os.ReadFile(gomod)
	if err != nil {
		return ""
	}
	if m := goDirectiveRE.FindSubmatch(b); m != nil {
		return string(m[1])
	}
	return ""
}

// hasSolutions says whether the README has a Solutions section, the part
// the attendee's copy leaves out.
func (ch *chapter) hasSolutions() bool {
	for _, s := range ch.sections {
		if s.Kind == solutionsSection {
			return true
		}
	}
	return false
}

// headings lists the plain text of every heading below the title, in
// order, leaving out the Solutions section's when solutions is false:
// what a reader of that copy must find in it.
func (ch *chapter) headings(solutions bool) []string {
	var out []string
	for _, s := range ch.sections {
		if s.Kind == solutionsSection && !solutions {
			continue
		}
		out = append(out, s.Title)
		for _, n := range s.Nodes {
			if h, ok := n.(*ast.Heading); ok {
				out = append(out, plainText(h, ch.Source))
			}
		}
	}
	return out
}

// plainText is what a node reads as, without its markup: the text of
// links and code spans, a soft line break as a space.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.AutoLink:
			b.Write(t.URL(src))
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// exercises lists the chapter's exercises by name: the sub-headings of
// its Exercises section, or, in a README that numbers them in a list
// instead, each item's bold lead (or its first sentence).
func (ch *chapter) exercises() []string {
	var out []string
	for _, s := range ch.sections {
		if s.Kind != exercisesSection {
			continue
		}
		for _, n := range s.Nodes {
			if h, ok := n.(*ast.Heading); ok && h.Level == 3 {
				// The list numbers them: "Exercise 2: time them" is
				// listed as "time them".
				name := exerciseNumberRE.ReplaceAllString(plainText(h, ch.Source), "")
				out = append(out, name)
			}
		}
		if len(out) > 0 {
			return out
		}
		for _, n := range s.Nodes {
			l, ok := n.(*ast.List)
			if !ok || !l.IsOrdered() {
				continue
			}
			for it := l.FirstChild(); it != nil; it = it.NextSibling() {
				out = append(out, itemName(it, ch.Source))
			}
		}
	}
	return out
}

// itemName names a list item by its bold lead, "**Install the phone.**
// Write ...", or else by its first sentence.
func itemName(item ast.Node, src []byte) string {
	first := item.FirstChild()
	if first == nil {
		return ""
	}
	if lead, ok := first.FirstChild().(*ast.Emphasis); ok && lead.Level == 2 {
		return strings.TrimRight(plainText(lead, src), ".:")
	}
	t := plainText(first, src)
	if i := strings.Index(t, ". "); i > 0 {
		t = t[:i]
	}
	return t
}

// words counts the words a reader of the copy reads, code included.
func (ch *chapter) words(solutions bool) int {
	n := 0
	for _, s := range ch.sections {
		if s.Kind == solutionsSection && !solutions {
			continue
		}
		n += len(strings.Fields(s.Title))
		for _, node := range s.Nodes {
			n += wordsIn(node, ch.Source)
		}
	}
	for _, node := range ch.intro {
		n += wordsIn(node, ch.Source)
	}
	return n
}

func wordsIn(n ast.Node, src []byte) int {
	if n.Type() == ast.TypeBlock && isCode(n) {
		var b bytes.Buffer
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			b.Write(seg.Value(src))
		}
		return len(strings.Fields(b.String()))
	}
	return len(strings.Fields(plainText(n, src)))
}

func isCode(n ast.Node) bool {
	switch n.(type) {
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		return true
	}
	return false
}

// errNoChromium says the PDFs could not be printed for want of a browser.
var errNoChromium = errors.New("chromium not found")
