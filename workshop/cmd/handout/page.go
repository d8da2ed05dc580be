package main

import (
	"fmt"
	"html"
	"strings"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
)

// A copy is who a handout is for: the attendee's leaves the Solutions
// out, the instructor's keeps them, on pages of their own at the end.
type copyKind struct {
	Name      string // "attendee", "instructor": in file names and headers
	Solutions bool
}

var (
	attendee   = copyKind{"attendee", false}
	instructor = copyKind{"instructor", true}
)

// article renders one chapter for a copy: a first page on what the
// chapter teaches, how long it takes, what to install and its
// exercises; then the README from its first ## heading on.
func (ch *chapter) article(c copyKind) (string, error) {
	md := ch.markdown(c)
	var b strings.Builder
	fmt.Fprintf(&b, `<article class="chapter" id="%s" data-title="%s">`+"\n",
		html.EscapeString(ch.Dir), html.EscapeString(ch.Title))

	intro, err := ch.renderNodes(md, ch.intro)
	if err != nil {
		return "", err
	}
	b.WriteString(`<section class="cover">` + "\n")
	fmt.Fprintf(&b, `<p class="kicker">Hold the Line · workshop handout · %s copy</p>`+"\n", c.Name)
	fmt.Fprintf(&b, "<h1>%s</h1>\n", html.EscapeString(ch.Title))
	b.WriteString(`<dl class="facts">` + "\n")
	fmt.Fprintf(&b, "<dt>What it teaches</dt>\n<dd>%s</dd>\n", intro)
	fmt.Fprintf(&b, "<dt>How long it takes</dt>\n<dd><p>%s</p></dd>\n",
		html.EscapeString(ch.duration()))
	b.WriteString("<dt>What to have installed</dt>\n<dd><ul>\n")
	for _, p := range ch.prerequisites() {
		fmt.Fprintf(&b, "<li>%s</li>\n", codeAfterColon(p))
	}
	b.WriteString("</ul></dd>\n")
	if ex := ch.exercises(); len(ex) > 0 {
		b.WriteString("<dt>Its exercises</dt>\n<dd><ol>\n")
		for _, e := range ex {
			fmt.Fprintf(&b, "<li>%s</li>\n", html.EscapeString(e))
		}
		b.WriteString("</ol></dd>\n")
	}
	b.WriteString("</dl>\n</section>\n")

	for _, s := range ch.sections {
		if s.Kind == solutionsSection && !c.Solutions {
			continue
		}
		class := map[sectionKind]string{plainSection: "plain",
			exercisesSection: "exercises", solutionsSection: "solutions",
			afterSection: "after"}[s.Kind]
		fmt.Fprintf(&b, `<section class="%s">`+"\n", class)
		body, err := ch.renderSection(md, s)
		if err != nil {
			return "", err
		}
		b.WriteString(body)
		b.WriteString("</section>\n")
	}
	b.WriteString("</article>\n")
	return embedImages(b.String(), ch.Root, ch.Dir)
}

// codeAfterColon sets what follows a prerequisite's colon as a command.
func codeAfterColon(p string) string {
	what, cmd, ok := strings.Cut(p, ": ")
	if !ok {
		return html.EscapeString(p)
	}
	return html.EscapeString(what) + ": <code>" + html.EscapeString(cmd) + "</code>"
}

// renderSection renders a ## section. In the Exercises section every
// exercise gets room to write under it: each ### exercise, or each item
// of a numbered list of them.
func (ch *chapter) renderSection(md goldmark.Markdown, s *section) (string, error) {
	head, err := ch.renderNodes(md, []ast.Node{s.Heading})
	if err != nil {
		return "", err
	}
	if s.Kind != exercisesSection {
		body, err := ch.renderNodes(md, s.Nodes)
		return head + body, err
	}
	var b strings.Builder
	b.WriteString(head)
	open := false
	for _, n := range s.Nodes {
		if h, ok := n.(*ast.Heading); ok && h.Level <= 3 {
			if open {
				b.WriteString(writeBox + "</div>\n")
			}
			b.WriteString(`<div class="exercise">` + "\n")
			open = true
		}
		if l, ok := n.(*ast.List); ok && l.IsOrdered() && !open {
			for it := l.FirstChild(); it != nil; it = it.NextSibling() {
				it.SetAttributeString(string(writeBelow), true)
			}
		}
		out, err := ch.renderNodes(md, []ast.Node{n})
		if err != nil {
			return "", err
		}
		b.WriteString(out)
	}
	if open {
		b.WriteString(writeBox + "</div>\n")
	}
	return b.String(), nil
}

// A paper is a sheet size and the margins the handouts print with. The
// header and footer print in the top and bottom margins.
type paper struct {
	Name          string  // "a4", "letter"
	Width, Height float64 // inches
}

var papers = map[string]paper{
	"a4":     {"a4", 8.27, 11.69},
	"letter": {"letter", 8.5, 11},
}

const (
	marginSide   = 0.7  // inches: room for a hole punch or a staple
	marginTop    = 0.75 // inches: the header sits in it
	marginBottom = 0.7  // inches: the footer sits in it
)

// document wraps articles in a whole HTML page, its style inline: the
// page must print with no network.
func document(title, extraCSS, body string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	fmt.Fprintf(&b, "<title>%s</title>\n<style>\n", html.EscapeString(title))
	b.WriteString(baseCSS)
	b.WriteString(chromaCSS())
	b.WriteString(extraCSS)
	b.WriteString("</style>\n</head>\n<body>\n")
	b.WriteString(body)
	b.WriteString("</body>\n</html>\n")
	return b.String()
}

// chromaCSS is the colour of highlighted code: a light style that prints
// well in grey as in colour.
func chromaCSS() string {
	var b strings.Builder
	f := chromahtml.New(chromahtml.WithClasses(true))
	_ = f.WriteCSS(&b, styles.Get("tango"))
	// The box is the handout's, not the style's.
	b.WriteString(".chroma { background: #f7f7f5; color: #111; }\n")
	// A transcript's output is what the reader compares with their own:
	// upright and dark, not the style's pale italic.
	b.WriteString(".chroma .go { color: #222; font-style: normal; }\n")
	b.WriteString(".chroma .gp { color: #555; font-weight: bold; }\n")
	return b.String()
}

const baseCSS = `
:root { font-size: 10.5pt; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #111; line-height: 1.4;
  font-family: "Liberation Serif", "DejaVu Serif", "Times New Roman", serif; }
h1, h2, h3, h4, dt { font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
  break-after: avoid; break-inside: avoid; line-height: 1.2; }
h1 { font-size: 20pt; margin: 0 0 .6em; }
h2 { font-size: 14.5pt; margin: 1.3em 0 .45em; padding-bottom: .15em;
  border-bottom: .75pt solid #888; }
h3 { font-size: 12pt; margin: 1.1em 0 .35em; }
h4 { font-size: 10.5pt; margin: 1em 0 .3em; }
p, li { orphans: 3; widows: 3; }
p { margin: .45em 0; }
ul, ol { padding-left: 1.6em; margin: .4em 0; }
li { margin: .2em 0; }
a { color: inherit; text-decoration: none; }
a[href] { text-decoration: underline; text-decoration-color: #999; }
.target { font-size: 8.5pt; color: #444; overflow-wrap: anywhere;
  font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; }
h1 .target, h2 .target, h3 .target { font-weight: normal; }
code { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: .86em; }
:not(pre) > code .nobr { white-space: nowrap; }
blockquote { margin: .6em 0; padding-left: 1em; border-left: 2pt solid #bbb; color: #333; }
/* A long table breaks between rows, its header repeated; the sentence
   that introduces a table or a code block stays on its page. */
table { border-collapse: collapse; margin: .6em 0; font-size: 9.5pt; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
p:has(+ .code), p:has(+ table) { break-after: avoid; break-inside: avoid; }
th, td { border: .5pt solid #aaa; padding: 2pt 5pt; text-align: left; vertical-align: top; }
img { max-width: 100%; height: auto; break-inside: avoid; }
p:has(> img:only-child) { text-align: center; break-inside: avoid; }

/* Code: the box is a container so the font can be sized to the box. An
   80-column line at 9pt is about 5.7 in wide; the box is 6.8 in. */
.code { container-type: inline-size; margin: .55em 0; }
pre.chroma { margin: 0; padding: 4pt 6pt; border: .5pt solid #bbb; border-radius: 2pt;
  font-family: "DejaVu Sans Mono", "Liberation Mono", monospace;
  font-size: 9pt; line-height: 1.28; white-space: pre; tab-size: 4;
  overflow: visible; box-sizing: border-box; }
pre.chroma code { font-size: inherit; overflow-wrap: normal; }
pre.chroma .codeline { display: block; }
/* A short block stays whole; a long one breaks, but never leaves a
   single line behind, or carries fewer than three over (a function's
   closing braces alone at the top of a page). */
pre.chroma.short { break-inside: avoid; }
pre.chroma .codeline:first-child { break-after: avoid; }
pre.chroma .codeline:nth-last-child(2) { break-after: avoid; }
pre.chroma .codeline:nth-last-child(3) { break-after: avoid; }
pre.chroma.wide { font-size: min(9pt, calc((100cqw - 14pt) / (var(--cols) * 0.61))); }
pre.chroma.wrap { white-space: pre-wrap; overflow-wrap: anywhere; }
pre.chroma.wrap .codeline { padding-left: 4ch; text-indent: -4ch; }

/* The first page: what the chapter is, before any of it. */
.cover { break-after: page; }
.kicker { font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
  font-size: 9pt; letter-spacing: .04em; text-transform: uppercase; color: #555;
  margin: 0 0 1.2em; }
.facts dt { font-size: 10pt; text-transform: uppercase; letter-spacing: .05em;
  color: #333; margin: 1.2em 0 .2em; border-bottom: .5pt solid #bbb; }
.facts dd { margin: 0; }

/* Exercises start a page and leave ruled room to write; the Solutions
   start a page of their own. */
section.exercises { break-before: page; }
section.solutions { break-before: page; }
section.after { break-before: page; }
.exercise { break-inside: auto; }
.write { margin: 2mm 0 5mm; padding: 0 3mm 3mm; border: .5pt solid #aaa; break-inside: avoid; }
.write .rule { height: 7.5mm; border-bottom: .5pt solid #bbb; }
`
