package main

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// options are what one run builds, and where.
type options struct {
	Root    string     // the repository root
	Out     string     // where the handouts go
	Chapter string     // "" for every chapter, else "03" or "03-pool"
	Papers  []paper    // A4, Letter or both
	Copies  []copyKind // attendee, instructor or both
	Log     io.Writer  // a line for each chapter without Solutions
}

// A handout is one file written.
type handout struct {
	Chapter string // chapter directory, or "pack"
	Copy    copyKind
	Paper   paper // zero for HTML that serves every paper
	HTML    string
	PDF     string // "" when there was no Chromium to print it
	Pages   int
	Title   string
	Heads   []string // the headings a reader of it must find in it
	Article string   // chapter: its <article>; pack: ""
}

// build writes every handout options asks for and prints the PDFs. With
// no Chromium it still writes the HTML, and returns errNoChromium.
func build(ctx context.Context, o options) ([]*handout, error) {
	dirs, err := chapterDirs(o.Root, o.Chapter)
	if err != nil {
		return nil, err
	}
	var chapters []*chapter
	for _, d := range dirs {
		ch, err := loadChapter(o.Root, d)
		if err != nil {
			return nil, err
		}
		if !ch.hasSolutions() {
			fmt.Fprintf(o.Log, "handout: %s has no Solutions section: its "+
				"attendee and instructor copies are the same\n", d)
		}
		chapters = append(chapters, ch)
	}
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return nil, err
	}

	// One HTML file per chapter and copy serves both papers: the code
	// sizes itself to the width it is given.
	var written []*handout
	for _, ch := range chapters {
		for _, c := range o.Copies {
			art, err := ch.article(c)
			if err != nil {
				return nil, err
			}
			h := &handout{Chapter: ch.Dir, Copy: c, Title: ch.Title,
				Heads: ch.headings(c.Solutions), Article: art,
				HTML: filepath.Join(o.Out, ch.Dir+"-"+c.Name+".html")}
			doc := document(ch.Title+" ("+c.Name+" copy)", "", art)
			if err := os.WriteFile(h.HTML, []byte(doc), 0o644); err != nil {
				return nil, err
			}
			written = append(written, h)
		}
	}
	pack := o.Chapter == ""
	articles := map[string]string{}
	for _, h := range written {
		articles[h.Chapter+"/"+h.Copy.Name] = h.Article
	}

	b, err := startBrowser(ctx)
	if errors.Is(err, errNoChromium) {
		if pack {
			for _, c := range o.Copies {
				doc := packDocument(chapters, c, true, nil, chapters, articles)
				h := packHandout(o, chapters, c, paper{})
				if err := os.WriteFile(h.HTML, []byte(doc), 0o644); err != nil {
					return nil, err
				}
			}
		}
		return nil, errNoChromium
	}
	if err != nil {
		return nil, err
	}
	defer b.close()
	if v := b.major(); pack && v > 0 && v < marginBoxesFrom {
		fmt.Fprintf(o.Log, "handout: Chromium %d prints the pack without its "+
			"running heads (they need Chromium %d or later); the chapters' "+
			"PDFs have theirs\n", v, marginBoxesFrom)
	}

	var done []*handout
	for _, h := range written {
		if err := b.load(h.HTML); err != nil {
			return nil, err
		}
		for _, p := range o.Papers {
			pdf, err := b.printPDF(p, h.Title, h.Copy.Name+" copy", true)
			if err != nil {
				return nil, fmt.Errorf("printing %s: %w", h.HTML, err)
			}
			printed := *h
			printed.Paper = p
			printed.Pages = pageCount(pdf)
			printed.PDF = strings.TrimSuffix(h.HTML, ".html") + "-" + p.Name + ".pdf"
			if err := os.WriteFile(printed.PDF, pdf, 0o644); err != nil {
				return nil, err
			}
			done = append(done, &printed)
		}
	}
	if !pack {
		return done, nil
	}
	for _, c := range o.Copies {
		packs, err := printPacks(b, o, chapters, c, articles)
		if err != nil {
			return nil, err
		}
		done = append(done, packs...)
	}
	return done, nil
}

// printPacks prints every chapter's copy c as one document, on each
// paper, after a table of contents that gives the page each chapter
// starts on. The pack prints its running heads with CSS margin boxes,
// and Chromium breaks pages a little differently there than under a
// header template, so the chapter PDFs' page counts cannot be used:
// each part is measured by printing it alone as the pack prints it
// (front page, then each chapter, each starting a page), then the pack.
func printPacks(b *browser, o options, chapters []*chapter, c copyKind, articles map[string]string) ([]*handout, error) {
	tmp, err := os.MkdirTemp("", "handout-measure-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	measure := func(doc string) (map[string]int, error) {
		file := filepath.Join(tmp, "part.html")
		if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
			return nil, err
		}
		if err := b.load(file); err != nil {
			return nil, err
		}
		n := map[string]int{}
		for _, p := range o.Papers {
			pdf, err := b.printPDF(p, "", "", false)
			if err != nil {
				return nil, fmt.Errorf("measuring the pack: %w", err)
			}
			n[p.Name] = pageCount(pdf)
		}
		return n, nil
	}
	front, err := measure(packDocument(chapters, c, true, nil, nil, articles))
	if err != nil {
		return nil, err
	}
	starts := map[string]map[string]int{} // paper -> chapter -> page
	next := map[string]int{}
	for _, p := range o.Papers {
		starts[p.Name] = map[string]int{}
		next[p.Name] = front[p.Name] + 1
	}
	for _, ch := range chapters {
		n, err := measure(packDocument(chapters, c, false, nil, []*chapter{ch}, articles))
		if err != nil {
			return nil, err
		}
		for _, p := range o.Papers {
			starts[p.Name][ch.Dir] = next[p.Name]
			next[p.Name] += n[p.Name]
		}
	}
	var out []*handout
	for _, p := range o.Papers {
		h := packHandout(o, chapters, c, p)
		doc := packDocument(chapters, c, true, starts[p.Name], chapters, articles)
		if err := os.WriteFile(h.HTML, []byte(doc), 0o644); err != nil {
			return nil, err
		}
		if err := b.load(h.HTML); err != nil {
			return nil, err
		}
		pdf, err := b.printPDF(p, "", "", false)
		if err != nil {
			return nil, fmt.Errorf("printing %s: %w", h.HTML, err)
		}
		h.PDF = strings.TrimSuffix(h.HTML, ".html") + ".pdf"
		h.Pages = pageCount(pdf)
		if want := next[p.Name] - 1; h.Pages != want {
			return nil, fmt.Errorf("%s: %d pages, but its parts printed alone "+
				"came to %d: its contents would give wrong pages", h.PDF, h.Pages, want)
		}
		if err := os.WriteFile(h.PDF, pdf, 0o644); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, nil
}

func packHandout(o options, chapters []*chapter, c copyKind, p paper) *handout {
	name := "pack-" + c.Name
	if p.Name != "" {
		name += "-" + p.Name
	}
	h := &handout{Chapter: "pack", Copy: c, Paper: p, Title: packTitle,
		HTML: filepath.Join(o.Out, name+".html")}
	for _, ch := range chapters {
		h.Heads = append(h.Heads, ch.Title)
		h.Heads = append(h.Heads, ch.headings(c.Solutions)...)
	}
	return h
}

const packTitle = "Hold the Line · workshop handouts"

// packDocument is the pack's HTML, or a part of it: with front, a front
// page with the contents of toc (each chapter's first page from starts,
// when known); then the articles of the chapters in body. Its running
// heads are CSS margin boxes on named pages, one per chapter, so each
// page carries its own chapter's title: the header template of a single
// print could carry only one.
func packDocument(toc []*chapter, c copyKind, front bool, starts map[string]int, body []*chapter, articles map[string]string) string {
	var css, out strings.Builder
	css.WriteString(pageRule("", packTitle, c.Name+" copy"))
	if front {
		out.WriteString(`<section class="front">` + "\n")
		fmt.Fprintf(&out, `<p class="kicker">%s · %s copy</p>`+"\n", html.EscapeString(packTitle), c.Name)
		out.WriteString("<h1>Hold the Line</h1>\n")
		out.WriteString(`<p class="lede">` + html.EscapeString(rootLede(toc)) + "</p>\n")
		fmt.Fprintf(&out, `<p class="printed">%d chapters, printed %s.</p>`+"\n",
			len(toc), time.Now().UTC().Format("2 January 2006"))
		out.WriteString(`<h2 class="contents">Contents</h2>` + "\n<ol class=\"toc\">\n")
		for _, ch := range toc {
			pg := "—"
			if n, ok := starts[ch.Dir]; ok {
				pg = fmt.Sprint(n)
			}
			var secs []string
			for _, s := range ch.sections {
				if s.Kind != solutionsSection || c.Solutions {
					secs = append(secs, html.EscapeString(s.Title))
				}
			}
			fmt.Fprintf(&out, `<li><a href="#%s"><span class="entry">%s</span>`+
				`<span class="page">%s</span></a><p class="secs">%s</p></li>`+"\n",
				html.EscapeString(ch.Dir), html.EscapeString(ch.Title), pg,
				// The space after each dot does not break: a wrapped
				// line never starts with a whole section title, which
				// would read, at a page's foot, as a stranded heading.
				strings.Join(secs, " ·\u00a0"))
		}
		out.WriteString("</ol>\n</section>\n")
	}
	for i, ch := range body {
		name := fmt.Sprintf("ch%d", i)
		css.WriteString(pageRule(name, ch.Title, c.Name+" copy"))
		fmt.Fprintf(&css, "#%s { page: %s; }\n", cssIdent(ch.Dir), name)
		out.WriteString(articles[ch.Dir+"/"+c.Name])
	}
	return document(packTitle+" ("+c.Name+" copy)", css.String()+packCSS, out.String())
}

// pageRule is an @page rule whose margin boxes print a title and a label
// at the top and the page number at the bottom, as the header and footer
// templates do for a chapter printed alone.
func pageRule(name, title, label string) string {
	box := `font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif; ` +
		`font-size: 8pt; color: #444;`
	sel := "@page"
	if name != "" {
		sel += " " + name
	}
	return fmt.Sprintf(`%s { margin: %.2fin %.2fin %.2fin %.2fin;
  @top-left { content: %s; %s }
  @top-right { content: %s; %s }
  @bottom-left { content: "Hold the Line"; %s }
  @bottom-right { content: "page " counter(page) " of " counter(pages); %s }
}
`, sel, marginTop, marginSide, marginBottom, marginSide,
		cssString(title), box, cssString(label), box, box, box)
}

const packCSS = `
.front { break-after: page; }
.lede { font-size: 12pt; margin: 0 0 .6em; }
.printed { color: #555; }
h2.contents { margin-top: 2em; }
ol.toc { list-style: none; padding: 0; }
ol.toc li { margin: .7em 0; break-inside: avoid; }
ol.toc a { display: flex; font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
  font-weight: bold; text-decoration: none; }
ol.toc .entry { flex: 1; }
ol.toc .page { padding-left: 1em; }
ol.toc .secs { margin: .15em 0 0 1.2em; font-size: 9.5pt; color: #333; }
`

func cssString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", " ")
	return `"` + r.Replace(s) + `"`
}

// cssIdent escapes a chapter directory for an id selector: one that
// starts with a digit must escape it.
func cssIdent(s string) string {
	if s != "" && s[0] >= '0' && s[0] <= '9' {
		return fmt.Sprintf(`\3%c %s`, s[0], s[1:])
	}
	return s
}

// rootLede is the root README's first paragraph, what the whole
// tutorial is, for the pack's front page.
func rootLede(chapters []*chapter) string {
	if len(chapters) == 0 {
		return ""
	}
	src, err := os.ReadFile(filepath.Join(chapters[0].Root, "README.md"))
	if err != nil {
		return ""
	}
	doc := newMarkdown().Parser().Parse(text.NewReader(src))
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if p, ok := n.(*ast.Paragraph); ok {
			return plainText(p, src)
		}
	}
	return ""
}
