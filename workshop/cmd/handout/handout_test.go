package main

import (
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yuin/goldmark/ast"
)

// The browser checks print two sets of handouts once, in TestMain, and
// every test reads them: the sample chapters in testdata/repo, made to
// hold every shape a README takes (a figure from plots/, code of every
// width, a heading that would land at the foot of a page, exercises as
// sub-headings and as a list, a Solutions section and none), and the
// repository's own chapters as they are.
var (
	sample, repo *built
	checker      *browser // measures pages; separate from the one that printed
	skipBrowser  string   // why the browser checks cannot run here
	buildErr     error
)

// built is one run of the tool: its chapters and what it wrote.
type built struct {
	root     string
	chapters map[string]*chapter
	handouts []*handout
}

func TestMain(m *testing.M) {
	os.Exit(func() int {
		tmp, err := os.MkdirTemp("", "handout-test-")
		if err != nil {
			panic(err)
		}
		defer os.RemoveAll(tmp)
		if _, err := findChromium(); err != nil {
			skipBrowser = "chromium not found: the handouts were not printed and " +
				"their browser checks did not run (apt-get install chromium; " +
				".ci/handouts installs it)"
			return m.Run()
		}
		// HANDOUT_ROOT checks another clone's chapters (a branch about
		// to be merged) with the same checks.
		root := os.Getenv("HANDOUT_ROOT")
		if root == "" {
			if root, err = findRoot("."); err != nil {
				panic(err)
			}
		}
		if sample, buildErr = buildAll("testdata/repo", filepath.Join(tmp, "sample")); buildErr != nil {
			return m.Run()
		}
		if repo, buildErr = buildAll(root, filepath.Join(tmp, "repo")); buildErr != nil {
			return m.Run()
		}
		if checker, buildErr = startBrowser(context.Background()); buildErr != nil {
			return m.Run()
		}
		defer checker.close()
		return m.Run()
	}())
}

func buildAll(root, out string) (*built, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	b := &built{root: root, chapters: map[string]*chapter{}}
	dirs, err := chapterDirs(root, "")
	if err != nil {
		return nil, err
	}
	for _, d := range dirs {
		if b.chapters[d], err = loadChapter(root, d); err != nil {
			return nil, err
		}
	}
	b.handouts, err = build(context.Background(), options{Root: root, Out: out,
		Papers: []paper{papers["a4"], papers["letter"]},
		Copies: []copyKind{attendee, instructor}, Log: &strings.Builder{}})
	return b, err
}

// needBrowser skips a test when there is no Chromium, and fails it when
// the handouts could not be printed.
func needBrowser(t *testing.T) {
	t.Helper()
	if skipBrowser != "" {
		t.Skip(skipBrowser)
	}
	require.NoError(t, buildErr, "printing the handouts")
}

// needPdftotext skips a test that reads PDFs back when poppler is missing.
func needPdftotext(t *testing.T) {
	t.Helper()
	needBrowser(t)
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not found: the PDFs were printed but not read back " +
			"(apt-get install poppler-utils; .ci/handouts installs it)")
	}
}

func both() []*built { return []*built{sample, repo} }

// htmlFiles lists each HTML file printed once: a chapter's serves both
// papers, a pack's is one per paper.
func (b *built) htmlFiles() []*handout {
	seen := map[string]bool{}
	var out []*handout
	for _, h := range b.handouts {
		if !seen[h.HTML] {
			seen[h.HTML] = true
			out = append(out, h)
		}
	}
	return out
}

func (b *built) find(ch string, c copyKind, p string) *handout {
	for _, h := range b.handouts {
		if h.Chapter == ch && h.Copy == c && h.Paper.Name == p {
			return h
		}
	}
	return nil
}

// pdfPages reads a PDF back as text, a string per page.
func pdfPages(t *testing.T, file string) []string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", file, "-").Output()
	require.NoError(t, err, "pdftotext %s", file)
	text := strings.NewReplacer("\ufb01", "fi", "\ufb02", "fl").Replace(string(out))
	pages := strings.Split(text, "\f")
	if len(pages) > 0 && strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	return pages
}

var pageNumberRE = regexp.MustCompile(`^page \d+ of \d+$`)

// content is a page's text without its header and footer: its lines,
// trimmed, blank ones left out.
func content(page string) []string {
	var lines []string
	for _, l := range strings.Split(page, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	// The header comes first: a title and the copy's label.
	for len(lines) > 0 && (strings.HasSuffix(lines[0], " copy") ||
		lines[0] == packTitle || isChapterTitleLine(lines[0])) {
		lines = lines[1:]
		if len(lines) > 0 && strings.HasSuffix(lines[0], " copy") {
			lines = lines[1:]
		}
		break
	}
	// The footer comes last: the tutorial's name and the page number.
	for len(lines) > 0 && (pageNumberRE.MatchString(lines[len(lines)-1]) ||
		lines[len(lines)-1] == "Hold the Line") {
		lines = lines[:len(lines)-1]
	}
	return lines
}

var chapterTitleRE = regexp.MustCompile(`^\d\d · `)

func isChapterTitleLine(l string) bool { return chapterTitleRE.MatchString(l) }

// strandedHeadings lists each page whose last line is a heading.
func strandedHeadings(pages []string, heads []string) []string {
	var bad []string
	for i, p := range pages {
		lines := content(p)
		if len(lines) == 0 {
			continue
		}
		last := lines[len(lines)-1]
		for _, h := range heads {
			if isHeadingLine(last, h) {
				bad = append(bad, fmt.Sprintf("page %d ends with the heading %q", i+1, last))
				break
			}
		}
	}
	return bad
}

// isHeadingLine says whether a line of a page is heading h, or the part
// of it that one line holds, or h with its link's target after it.
func isHeadingLine(line, h string) bool {
	return line == h || strings.HasPrefix(line, h+" (") && strings.HasSuffix(line, ")") ||
		len(line) >= 15 && (strings.HasPrefix(h, line) || strings.HasSuffix(h, line))
}

// coverHeads are the first page's own headings, in print.
var coverHeads = []string{"WHAT IT TEACHES", "HOW LONG IT TAKES",
	"WHAT TO HAVE INSTALLED", "ITS EXERCISES", "Contents"}

// headsOf lists every heading a handout prints.
func (b *built) headsOf(h *handout) []string {
	heads := append([]string{}, coverHeads...)
	if h.Chapter == "pack" {
		for _, ch := range b.chapters {
			heads = append(heads, ch.Title)
			heads = append(heads, ch.headings(h.Copy.Solutions)...)
		}
		return heads
	}
	ch := b.chapters[h.Chapter]
	return append(append(heads, ch.Title), ch.headings(h.Copy.Solutions)...)
}

// joined is the text of pages as one string, without their headers and
// footers (a paragraph may run on across a page), squashed: no white
// space and no hyphens, since pdftotext joins a line that ends in a
// hyphen to the next without it. Compare it with squash(want).
func joined(pages []string) string {
	var b strings.Builder
	for _, p := range pages {
		b.WriteString(strings.Join(content(p), ""))
	}
	return squash(b.String())
}

func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' || r == '\n' || r == '\t' {
			return -1
		}
		return r
	}, s)
}

func TestEveryImageLoads(t *testing.T) {
	needBrowser(t)
	type img struct {
		Alt   string `json:"alt"`
		Src   string `json:"src"`
		Width int    `json:"width"`
	}
	for _, b := range both() {
		for _, h := range b.htmlFiles() {
			require.NoError(t, checker.load(h.HTML))
			imgs, err := chromedp.Run(checker.tab, chromedp.Evaluate[[]img](
				`[...document.images].map(i => ({alt: i.alt,
				  src: i.src.slice(0, 22), width: i.naturalWidth}))`))
			require.NoError(t, err)
			for _, i := range imgs {
				assert.Positive(t, i.Width, "%s: image %q did not load", h.HTML, i.Alt)
				assert.True(t, strings.HasPrefix(i.Src, "data:image/"),
					"%s: image %q is not in the page (%s…)", h.HTML, i.Alt, i.Src)
			}
			if h.Chapter == "01-sample" {
				assert.Len(t, imgs, 3, "the sample's figures: Markdown, raw HTML "+
					"from plots/, and the one under the stranded heading")
			}
		}
	}
}

func TestNoCodeBlockIsWiderThanItsBox(t *testing.T) {
	needBrowser(t)
	type block struct {
		Cols       int     `json:"cols"`
		Scroll     int     `json:"scroll"`
		Client     int     `json:"client"`
		Wrap       bool    `json:"wrap"`
		FontPx     float64 `json:"fontPx"`
		LineHeight float64 `json:"lineHeight"`
		Tallest    float64 `json:"tallest"`
	}
	defer func() { require.NoError(t, checker.resetEmulation()) }()
	for _, b := range both() {
		for _, h := range b.htmlFiles() {
			for _, p := range []paper{papers["a4"], papers["letter"]} {
				require.NoError(t, checker.load(h.HTML))
				require.NoError(t, checker.emulatePrint(p))
				blocks, err := chromedp.Run(checker.tab, chromedp.Evaluate[[]block](
					`[...document.querySelectorAll("pre")].map(pre => {
					  const cs = getComputedStyle(pre);
					  const lines = [...pre.querySelectorAll(".codeline")];
					  return {cols: +pre.dataset.cols, scroll: pre.scrollWidth,
					    client: pre.clientWidth, wrap: pre.classList.contains("wrap"),
					    fontPx: parseFloat(cs.fontSize), lineHeight: parseFloat(cs.lineHeight),
					    tallest: Math.max(0, ...lines.map(l => l.getBoundingClientRect().height))};
					})`))
				require.NoError(t, err)
				page, err := chromedp.Run(checker.tab, chromedp.Evaluate[[]int](
					`[document.documentElement.scrollWidth, document.documentElement.clientWidth]`))
				require.NoError(t, err)
				assert.LessOrEqual(t, page[0], page[1], "%s on %s: the page is wider than the paper", h.HTML, p.Name)
				for i, bl := range blocks {
					assert.LessOrEqual(t, bl.Scroll, bl.Client,
						"%s on %s: code block %d (%d columns) is wider than its box", h.HTML, p.Name, i+1, bl.Cols)
					if bl.Cols <= codeColumns {
						// 9pt, and no line wraps: every line is one line high.
						assert.InDelta(t, 12, bl.FontPx, 0.01, "%s: block %d is not at the base size", h.HTML, i+1)
						assert.Less(t, bl.Tallest, 1.5*bl.LineHeight,
							"%s on %s: a line of block %d (%d columns) wraps", h.HTML, p.Name, i+1, bl.Cols)
					} else if !bl.Wrap {
						assert.Less(t, bl.Tallest, 1.5*bl.LineHeight,
							"%s on %s: a line of block %d (%d columns) wraps", h.HTML, p.Name, i+1, bl.Cols)
					}
				}
				if h.Chapter == "01-sample" {
					var cols []int
					for _, bl := range blocks {
						cols = append(cols, bl.Cols)
					}
					assert.Contains(t, cols, 80, "the sample has an 80-column block")
					assert.Contains(t, cols, 100, "the sample has a 100-column block")
				}
			}
		}
	}
}

// Every code block reads in the page as in the README, white space and
// all: highlighting must not lose an indent or a line.
func TestCodeReadsAsInTheREADME(t *testing.T) {
	needBrowser(t)
	for _, b := range both() {
		for _, h := range b.htmlFiles() {
			if h.Chapter == "pack" {
				continue
			}
			require.NoError(t, checker.load(h.HTML))
			got, err := chromedp.Run(checker.tab, chromedp.Evaluate[[]string](
				`[...document.querySelectorAll("pre")].map(p => p.innerText)`))
			require.NoError(t, err)
			want := codeBlocks(b.chapters[h.Chapter], h.Copy)
			require.Len(t, got, len(want), "%s: code blocks", h.HTML)
			for i := range want {
				assert.Equal(t, trimLines(want[i]), trimLines(got[i]), "%s: code block %d", h.HTML, i+1)
			}
		}
	}
}

// codeBlocks lists the code of a chapter's copy, block by block.
func codeBlocks(ch *chapter, c copyKind) []string {
	var out []string
	for _, s := range ch.sections {
		if s.Kind == solutionsSection && !c.Solutions {
			continue
		}
		for _, n := range s.Nodes {
			_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				if entering && isCode(n) {
					var b strings.Builder
					lines := n.Lines()
					for i := 0; i < lines.Len(); i++ {
						seg := lines.At(i)
						b.Write(seg.Value(ch.Source))
					}
					out = append(out, b.String())
				}
				return ast.WalkContinue, nil
			})
		}
	}
	return out
}

func trimLines(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n "), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

func TestNoPageEndsWithAHeading(t *testing.T) {
	needPdftotext(t)
	for _, b := range both() {
		for _, h := range b.handouts {
			bad := strandedHeadings(pdfPages(t, h.PDF), b.headsOf(h))
			assert.Empty(t, bad, "%s", h.PDF)
		}
	}
	// The sample's stranded heading was carried over to the next page.
	h := sample.find("01-sample", attendee, "a4")
	pages := pdfPages(t, h.PDF)
	var starts []string
	for _, p := range pages {
		if c := content(p); len(c) > 0 {
			starts = append(starts, c[0])
		}
	}
	assert.Contains(t, starts, "The stranded heading")
}

// The check above must be able to fail: print the sample with its
// headings free to end a page, and it must find the stranded one.
func TestHeadingCheckFindsAStrandedHeading(t *testing.T) {
	needPdftotext(t)
	h := sample.find("01-sample", attendee, "a4")
	require.NoError(t, checker.resetEmulation())
	require.NoError(t, checker.load(h.HTML))
	_, err := chromedp.Run(checker.tab, chromedp.Evaluate[bool](`(() => {
	  const s = document.createElement("style");
	  s.textContent = "h1, h2, h3, h4 { break-after: auto !important; }";
	  document.head.append(s); return true; })()`))
	require.NoError(t, err)
	pdf, err := checker.printPDF(papers["a4"], h.Title, "attendee copy", true)
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), "free.pdf")
	require.NoError(t, os.WriteFile(file, pdf, 0o644))
	bad := strandedHeadings(pdfPages(t, file), sample.headsOf(h))
	assert.Contains(t, strings.Join(bad, "\n"), `ends with the heading "The stranded heading"`)
}

func TestThePDFHasEveryHeading(t *testing.T) {
	needPdftotext(t)
	for _, b := range both() {
		for _, h := range b.handouts {
			text := joined(pdfPages(t, h.PDF))
			heads := h.Heads
			if h.Chapter != "pack" {
				heads = append([]string{h.Title}, heads...)
			}
			require.NotEmpty(t, heads)
			for _, head := range heads {
				assert.True(t, strings.Contains(text, squash(head)), "%s: no heading %q", h.PDF, head)
			}
		}
	}
}

func TestTheAttendeeCopyHasNoSolutions(t *testing.T) {
	needPdftotext(t)
	checked := 0
	for _, b := range both() {
		for _, ch := range b.chapters {
			if !ch.hasSolutions() {
				continue
			}
			secret := solutionsOnly(ch, b.chapters)
			require.NotEmpty(t, secret, "%s: no line of its Solutions is its own", ch.Dir)
			for _, p := range []string{"a4", "letter"} {
				att := joined(pdfPages(t, b.find(ch.Dir, attendee, p).PDF))
				ins := joined(pdfPages(t, b.find(ch.Dir, instructor, p).PDF))
				pack := joined(pdfPages(t, b.find("pack", attendee, p).PDF))
				for _, s := range secret {
					s = squash(s)
					assert.False(t, strings.Contains(att, s), "%s attendee copy on %s has %q", ch.Dir, p, s)
					assert.False(t, strings.Contains(pack, s), "attendee pack on %s has %q", p, s)
					assert.True(t, strings.Contains(ins, s), "%s instructor copy on %s lacks %q", ch.Dir, p, s)
				}
			}
			checked++
		}
	}
	assert.Positive(t, checked, "no chapter with Solutions was checked")
}

// textLines is what a node of ch's README prints: each line of a code
// block with its spaces squeezed, or a paragraph's plain text.
func textLines(ch *chapter, n ast.Node) []string {
	if !isCode(n) {
		return []string{plainText(n, ch.Source)}
	}
	var lines []string
	seg := n.Lines()
	for i := 0; i < seg.Len(); i++ {
		at := seg.At(i)
		lines = append(lines, strings.Join(strings.Fields(string(at.Value(ch.Source))), " "))
	}
	return lines
}

// solutionsOnly lists the code lines of a chapter's Solutions section
// that appear nowhere else in its README, nor before the Solutions of
// any other chapter: text only the instructor may see.
func solutionsOnly(ch *chapter, among map[string]*chapter) []string {
	var rest strings.Builder
	var sol []string
	// A line of ch's Solutions that another chapter shows before its
	// own Solutions (a read loop, say) is no secret in the pack.
	for _, other := range among {
		if other == ch {
			continue
		}
		for _, s := range other.sections {
			if s.Kind == solutionsSection {
				continue
			}
			for _, n := range s.Nodes {
				for _, l := range textLines(other, n) {
					rest.WriteString(l + "\n")
				}
			}
		}
	}
	for _, s := range ch.sections {
		for _, n := range s.Nodes {
			for _, l := range textLines(ch, n) {
				// The secret is the code: prose prints a link's
				// target beside its text, and so reads otherwise.
				if s.Kind == solutionsSection && isCode(n) {
					sol = append(sol, l)
				} else if s.Kind != solutionsSection {
					rest.WriteString(l + "\n")
				}
			}
		}
	}
	var out []string
	for _, l := range sol {
		if len(l) >= 20 && !strings.Contains(rest.String(), l) {
			out = append(out, l)
		}
	}
	return out
}

// Exercises start a page, and so does what is left for after the
// workshop; the Solutions start one of their own.
func TestExercisesAndSolutionsStartAPage(t *testing.T) {
	needPdftotext(t)
	for _, b := range both() {
		for _, h := range b.handouts {
			if h.Chapter == "pack" {
				continue
			}
			ch := b.chapters[h.Chapter]
			pages := pdfPages(t, h.PDF)
			for _, s := range ch.sections {
				if s.Kind == plainSection || (s.Kind == solutionsSection && !h.Copy.Solutions) {
					continue
				}
				found := false
				for _, p := range pages {
					c := content(p)
					if len(c) > 0 && c[0] == s.Title {
						found = true
					}
				}
				assert.True(t, found, "%s: %q does not start a page", h.PDF, s.Title)
			}
		}
	}
}

func TestEveryPageHasItsTitleAndNumber(t *testing.T) {
	needPdftotext(t)
	for _, b := range both() {
		for _, h := range b.handouts {
			pages := pdfPages(t, h.PDF)
			require.Len(t, pages, h.Pages, "%s: the page count the tool reported", h.PDF)
			for i, p := range pages {
				assert.Contains(t, p, fmt.Sprintf("page %d of %d", i+1, len(pages)), "%s page %d", h.PDF, i+1)
				if h.Chapter != "pack" {
					assert.True(t, strings.HasPrefix(strings.TrimSpace(p), h.Title),
						"%s page %d does not start with the chapter's title", h.PDF, i+1)
				}
			}
		}
	}
}

// The pack's contents give the page each chapter starts on, and there it
// starts; every page up to the next chapter has its title in the header.
func TestThePacksContentsGiveEachChaptersPage(t *testing.T) {
	needPdftotext(t)
	for _, b := range both() {
		for _, h := range b.handouts {
			if h.Chapter != "pack" {
				continue
			}
			pages := pdfPages(t, h.PDF)
			front := strings.Join(strings.Fields(pages[0]), " ")
			var starts []int
			dirs := sortedKeys(b.chapters)
			for _, dir := range dirs {
				m := regexp.MustCompile(regexp.QuoteMeta(b.chapters[dir].Title) + ` (\d+)\b`).FindStringSubmatch(front)
				require.NotNil(t, m, "%s: the contents do not give %s a page", h.PDF, dir)
				n, err := strconv.Atoi(m[1])
				require.NoError(t, err)
				starts = append(starts, n)
			}
			starts = append(starts, len(pages)+1)
			assert.Equal(t, 2, starts[0], "%s: the first chapter starts after the front page", h.PDF)
			for i, dir := range dirs {
				title := b.chapters[dir].Title
				require.Less(t, starts[i], starts[i+1], "%s: %s has no pages", h.PDF, dir)
				assert.Contains(t, content(pages[starts[i]-1])[0], "WORKSHOP HANDOUT",
					"%s page %d is not %s's first page", h.PDF, starts[i], dir)
				for pg := starts[i]; pg < starts[i+1]; pg++ {
					assert.True(t, strings.HasPrefix(strings.TrimSpace(pages[pg-1]), title),
						"%s page %d is %s's, but its header says otherwise", h.PDF, pg, dir)
				}
			}
		}
	}
}

func sortedKeys(m map[string]*chapter) []string {
	return slices.Sorted(maps.Keys(m))
}

func (b *browser) resetEmulation() error {
	return chromedp.Do(b.tab,
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia,
				emulation.SetEmulatedMediaParams{Media: ""})
			return err
		}),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
			return err
		}))
}

var mediaBoxRE = regexp.MustCompile(`/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]`)

// Each PDF is on the paper it is named for, every page of it.
func TestEachPDFIsOnItsPaper(t *testing.T) {
	needBrowser(t)
	for _, b := range both() {
		for _, h := range b.handouts {
			pdf, err := os.ReadFile(h.PDF)
			require.NoError(t, err)
			boxes := mediaBoxRE.FindAllSubmatch(pdf, -1)
			require.Len(t, boxes, h.Pages, "%s: a page size for each page", h.PDF)
			for _, m := range boxes {
				w, _ := strconv.ParseFloat(string(m[1]), 64)
				ht, _ := strconv.ParseFloat(string(m[2]), 64)
				assert.InDelta(t, h.Paper.Width*72, w, 1, "%s: page width in points", h.PDF)
				assert.InDelta(t, h.Paper.Height*72, ht, 1, "%s: page height in points", h.PDF)
			}
		}
	}
}

func TestTheBrowsersVersionIsRead(t *testing.T) {
	needBrowser(t)
	assert.GreaterOrEqual(t, checker.major(), marginBoxesFrom,
		"this Chromium prints the pack's running heads")
}
