package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"mime"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// Code on paper: a block whose longest line is at most codeColumns wide
// prints at the base size (an 80-column line fits with room to spare, on
// A4 and on Letter); a wider one is set smaller to fit, down to
// shrinkColumns; past that its long lines wrap, indented, at that size.
const (
	codeColumns   = 80
	shrinkColumns = 112
	tabWidth      = 4 // as workshop/literate counts a tab

	// A block of at most shortBlock lines is kept on one page: an A4
	// page holds about 60 lines of 9 pt code, so a whole function the
	// README shows (select's Wait, 04's hear) is never cut in two.
	shortBlock = 48
)

// paperRenderer renders a chapter's Markdown for paper. It adds to
// goldmark's HTML what paper loses: where each link goes, and code that
// fits the page; and it leaves room to write under each exercise.
type paperRenderer struct {
	ch       *chapter
	headings map[string]string // anchor -> what a #link to it prints
}

// writeBelow marks a list item that gets room to write under it.
var writeBelow = []byte("handout-write")

func (r *paperRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.renderCode)
	reg.Register(ast.KindCodeBlock, r.renderCode)
	reg.Register(ast.KindLink, r.renderLink)
	reg.Register(ast.KindListItem, r.renderListItem)
	reg.Register(ast.KindCodeSpan, r.renderCodeSpan)
}

// renderCodeSpan keeps each word of inline code whole: a command broken
// after the hyphen of a flag ("-tags exercise -" and "run Exercise2" on
// the next line) reads as two commands. Lines break at its spaces only,
// and a command copied from the PDF is still the command.
func (r *paperRenderer) renderCodeSpan(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
		case *ast.String:
			b.Write(t.Value)
		}
	}
	words := strings.Split(strings.ReplaceAll(b.String(), "\n", " "), " ")
	_, _ = w.WriteString("<code>")
	for i, word := range words {
		if i > 0 {
			_, _ = w.WriteString(" ")
		}
		if word != "" {
			fmt.Fprintf(w, `<span class="nobr">%s</span>`, html.EscapeString(word))
		}
	}
	_, _ = w.WriteString("</code>")
	return ast.WalkSkipChildren, nil
}

// markdown is goldmark with the paper renderer, for copy c: a link to a
// heading the copy leaves out (the Solutions, in the attendee's) says
// where that heading is instead.
func (ch *chapter) markdown(c copyKind) goldmark.Markdown {
	r := &paperRenderer{ch: ch, headings: map[string]string{}}
	see := func(id, title string, s *section) {
		if s.Kind == solutionsSection && !c.Solutions {
			r.headings[id] = "in the instructor’s copy"
			return
		}
		r.headings[id] = "see “" + title + "”"
	}
	for _, s := range ch.sections {
		see(s.ID, s.Title, s)
		for _, n := range s.Nodes {
			if h, ok := n.(*ast.Heading); ok {
				if id, ok := h.AttributeString("id"); ok {
					see(string(id.([]byte)), plainText(h, ch.Source), s)
				}
			}
		}
	}
	return newMarkdown(goldmark.WithRendererOptions(
		gmhtml.WithUnsafe(),
		renderer.WithNodeRenderers(util.Prioritized(r, 100)),
	))
}

// renderNodes renders top-level nodes of the chapter's README, in order.
func (ch *chapter) renderNodes(md goldmark.Markdown, nodes []ast.Node) (string, error) {
	var b bytes.Buffer
	for _, n := range nodes {
		if err := md.Renderer().Render(&b, ch.Source, n); err != nil {
			return "", err
		}
	}
	return b.String(), nil
}

// renderLink prints after the link where it goes: the URL of a page on
// the web, the repository path of a file (the README's links are
// relative to the chapter), the heading an anchor names.
func (r *paperRenderer) renderLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	dest := string(n.Destination)
	target, external := r.target(dest)
	if entering {
		if external || strings.HasPrefix(dest, "#") {
			fmt.Fprintf(w, `<a href="%s">`, html.EscapeString(dest))
		} else {
			// A file of the repository has no address a PDF could open.
			_, _ = w.WriteString(`<a class="file">`)
		}
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("</a>")
	label := plainText(n, src)
	// A link named for the heading it goes to says where already.
	named := strings.HasPrefix(dest, "#") && target == "see “"+label+"”"
	if target != "" && !named && label != target && label != strings.TrimPrefix(
		strings.TrimPrefix(target, "https://"), "http://") {
		fmt.Fprintf(w, `<span class="target"> (%s)</span>`, breakable(target))
	}
	return ast.WalkContinue, nil
}

var schemeRE = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)

// target says what a link's destination is on paper: a URL, "see" a
// heading, or a path from the repository root.
func (r *paperRenderer) target(dest string) (shown string, external bool) {
	switch {
	case schemeRE.MatchString(dest):
		return strings.TrimPrefix(dest, "mailto:"), true
	case strings.HasPrefix(dest, "#"):
		if t, ok := r.headings[dest[1:]]; ok {
			return t, false
		}
		return "", false
	}
	p := dest
	frag := ""
	if i := strings.IndexByte(p, '#'); i >= 0 {
		p, frag = p[:i], p[i:]
	}
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	rel := path.Clean(path.Join(r.ch.Dir, p))
	if rel == "." {
		rel = "the repository's root"
	} else if strings.HasSuffix(p, "/") {
		rel += "/"
	}
	return rel + frag, false
}

// breakable lets a long URL or path break after its slashes and dots
// rather than run off the page.
func breakable(s string) string {
	s = html.EscapeString(s)
	r := strings.NewReplacer("/", "/<wbr>", "?", "?<wbr>",
		"&amp;", "&amp;<wbr>", "_", "_<wbr>", "-", "-<wbr>")
	return r.Replace(s)
}

// renderListItem is goldmark's list item, with room to write at its end
// when it is an exercise.
func (r *paperRenderer) renderListItem(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<li>")
		if _, ok := n.FirstChild().(*ast.TextBlock); !ok && n.FirstChild() != nil {
			_ = w.WriteByte('\n')
		}
		return ast.WalkContinue, nil
	}
	if _, ok := n.AttributeString(string(writeBelow)); ok {
		_, _ = w.WriteString(writeBox)
	}
	_, _ = w.WriteString("</li>\n")
	return ast.WalkContinue, nil
}

// writeBox is the ruled space left under an exercise: lines drawn as
// borders, which print as crisp vector lines at any resolution.
var writeBox = `<div class="write" aria-hidden="true">` +
	strings.Repeat(`<div class="rule"></div>`, 5) + "</div>\n"

// renderCode highlights a code block with chroma, one element per line,
// and sizes it so its longest line fits the page.
func (r *paperRenderer) renderCode(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	lang := ""
	if f, ok := node.(*ast.FencedCodeBlock); ok {
		lang = string(f.Language(src))
	}
	var b strings.Builder
	lines := node.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b.Write(seg.Value(src))
	}
	_, _ = w.WriteString(highlight(b.String(), lang))
	return ast.WalkContinue, nil
}

// highlight renders code as a <pre> of chroma's classes, one block
// element per line so that a line too long for the page wraps under its
// own start, indented, rather than under the margin.
func highlight(code, lang string) string {
	code = strings.TrimSuffix(code, "\n")
	cols := 0
	for _, line := range strings.Split(code, "\n") {
		cols = max(cols, columns(line))
	}
	var tokens []chroma.Token
	if lang == "console" || lang == "shell-session" {
		tokens = transcriptTokens(code)
	} else {
		tokens = tokenise(code+"\n", lang)
	}
	var b strings.Builder
	class := "chroma"
	switch {
	case cols > shrinkColumns:
		class += " wide wrap"
	case cols > codeColumns:
		class += " wide"
	}
	if n := strings.Count(code, "\n") + 1; n <= shortBlock {
		class += " short"
	}
	fmt.Fprintf(&b, `<div class="code"><pre class="%s" data-cols="%d" style="--cols: %d">`,
		class, cols, min(cols, shrinkColumns))
	b.WriteString("<code>")
	for _, line := range chroma.SplitTokensIntoLines(tokens) {
		b.WriteString(`<span class="codeline">`)
		empty := true
		for _, tok := range line {
			v := strings.TrimSuffix(tok.Value, "\n")
			if v == "" {
				continue
			}
			empty = false
			if c := tokenClass(tok.Type); c != "" {
				fmt.Fprintf(&b, `<span class="%s">%s</span>`, c, html.EscapeString(v))
			} else {
				b.WriteString(html.EscapeString(v))
			}
		}
		if empty {
			// An empty block element has no height; a blank line must.
			b.WriteString(" ")
		}
		b.WriteString("</span>")
	}
	b.WriteString("</code></pre></div>\n")
	return b.String()
}

// tokenise runs chroma's lexer for lang over code; a language chroma
// does not know, or a lexer that fails, leaves the code plain, never lost.
func tokenise(code, lang string) []chroma.Token {
	lexer := lexers.Get(lang)
	switch {
	case lang == "" || lang == "text" || lang == "txt":
		lexer = lexers.Get("plaintext")
	case lexer == nil:
		lexer = lexers.Fallback
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		return []chroma.Token{{Type: chroma.Text, Value: code}}
	}
	return it.Tokens()
}

// transcriptTokens highlights a terminal transcript the way the READMEs
// write one: "$ " starts a command (and a command ending in \ goes on
// to the next line), "# " a note such as the machine's stamp, anything
// else is output. Chroma's console lexer takes "# " for a root prompt
// and colours the numbers in the machine's stamp as a command's.
func transcriptTokens(code string) []chroma.Token {
	var out []chroma.Token
	command := false
	for _, line := range strings.Split(code, "\n") {
		switch {
		case command || strings.HasPrefix(line, "$ "):
			rest := line
			if !command {
				out = append(out, chroma.Token{Type: chroma.GenericPrompt, Value: "$ "})
				rest = line[2:]
			}
			for _, tok := range tokenise(rest, "bash") {
				tok.Value = strings.TrimSuffix(tok.Value, "\n")
				if tok.Value != "" {
					out = append(out, tok)
				}
			}
			command = strings.HasSuffix(line, "\\")
		case strings.HasPrefix(line, "#"):
			out = append(out, chroma.Token{Type: chroma.CommentSingle, Value: line})
		default:
			out = append(out, chroma.Token{Type: chroma.GenericOutput, Value: line})
		}
		out = append(out, chroma.Token{Type: chroma.Text, Value: "\n"})
	}
	return out
}

// tokenClass is chroma's short class for a token type, or its nearest
// parent's, as chroma's own HTML formatter names them.
func tokenClass(t chroma.TokenType) string {
	for ; t != 0; t = t.Parent() {
		if c, ok := chroma.StandardTypes[t]; ok {
			return c
		}
	}
	return ""
}

// columns is how wide a line prints, a tab counting tabWidth.
func columns(line string) int {
	return utf8.RuneCountInString(line) + strings.Count(line, "\t")*(tabWidth-1)
}

var imgSrcRE = regexp.MustCompile(`(<img\b[^>]*?\bsrc=")([^"]*)(")`)

// embedImages puts every image the HTML shows into it as a data: URI, so
// the page needs nothing beside it; a src is relative to the chapter, as
// in the README. An image that is not a file of the repository is an
// error: the room may have no network, and the printer has none. A PNG
// with an SVG of the same name beside it is printed from the SVG.
func embedImages(doc string, root, dir string) (string, error) {
	var err error
	out := imgSrcRE.ReplaceAllStringFunc(doc, func(tag string) string {
		m := imgSrcRE.FindStringSubmatch(tag)
		src := html.UnescapeString(m[2])
		if strings.HasPrefix(src, "data:") || err != nil {
			return tag
		}
		if schemeRE.MatchString(src) {
			err = fmt.Errorf("%s/README.md: image %s is not in the "+
				"repository; only a file of the repository can be printed", dir, src)
			return tag
		}
		p, uerr := url.PathUnescape(src)
		if uerr != nil {
			p = src
		}
		file := filepath.Join(root, dir, filepath.FromSlash(p))
		// A figure drawn as an SVG beside its PNG prints from the SVG:
		// vector lines and text stay sharp on paper at any size.
		if strings.EqualFold(filepath.Ext(file), ".png") {
			svg := strings.TrimSuffix(file, filepath.Ext(file)) + ".svg"
			if _, serr := os.Stat(svg); serr == nil {
				file = svg
			}
		}
		data, rerr := os.ReadFile(file)
		if rerr != nil {
			err = fmt.Errorf("%s/README.md: image %s: %w", dir, src, rerr)
			return tag
		}
		typ := mime.TypeByExtension(strings.ToLower(filepath.Ext(file)))
		if typ == "" {
			err = fmt.Errorf("%s/README.md: image %s: unknown image type", dir, src)
			return tag
		}
		uri := "data:" + typ + ";base64," + base64.StdEncoding.EncodeToString(data)
		return strings.Replace(tag, m[0], m[1]+uri+m[3], 1)
	})
	return out, err
}
