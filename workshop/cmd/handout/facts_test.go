package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests need no browser: they check what the tool reads from a
// README and what it writes into the HTML.

func loadSample(t *testing.T, dir string) *chapter {
	t.Helper()
	root, err := filepath.Abs("testdata/repo")
	require.NoError(t, err)
	ch, err := loadChapter(root, dir)
	require.NoError(t, err)
	return ch
}

func TestTheFirstPageIsTakenFromTheREADME(t *testing.T) {
	ch := loadSample(t, "01-sample")
	assert.Equal(t, "01 · Sample: a chapter made for the tests", ch.Title)
	assert.Equal(t, []string{"print a handout", "check it"}, ch.exercises(),
		"exercises as ### sub-headings, their numbers left to the list")
	assert.Contains(t, ch.duration(), "An estimate: the README does not say")
	pre := strings.Join(ch.prerequisites(), "\n")
	assert.Contains(t, pre, "Go 1.26 or later")
	assert.Contains(t, pre, "apt-get install strace")
	assert.Contains(t, pre, "apt-get install netcat-openbsd")
	assert.NotContains(t, pre, "iproute2", "nstat is not in this chapter")

	listed := loadSample(t, "02-listed")
	assert.Equal(t, []string{"Count the calls", "Time them",
		"Run it yourself and watch the counters"}, listed.exercises(),
		"exercises as a numbered list: each item's bold lead, or its first sentence")
	assert.Equal(t, "It takes about 40 minutes to read and 30 minutes for its exercises.",
		listed.duration(), "the README's own statement wins over an estimate")
	pre = strings.Join(listed.prerequisites(), "\n")
	assert.Contains(t, pre, "Go 1.25 or later")
	assert.Contains(t, pre, "apt-get install iproute2")
}

func TestTheEstimateCountsWordsAndExercises(t *testing.T) {
	ch := loadSample(t, "01-sample")
	words := ch.words(false)
	want := (words+wordsPerMinute-1)/wordsPerMinute + 2*minutesPerExercise
	want = (want + 4) / 5 * 5
	assert.Contains(t, ch.duration(), "About "+minutes(want)+".")
	assert.Contains(t, ch.duration(), thousands(words)+" words")
	assert.Greater(t, ch.words(true), words, "the Solutions are not read by an attendee")
}

func TestEveryLinkSaysWhereItGoes(t *testing.T) {
	ch := loadSample(t, "01-sample")
	art, err := ch.article(attendee)
	require.NoError(t, err)
	text := strings.ReplaceAll(art, "<wbr>", "")
	for _, want := range []string{
		`the Go site</a><span class="target"> (https://go.dev/doc/)</span>`,
		`main.go</a><span class="target"> (01-sample/main.go)</span>`,
		`the caller fleet</a><span class="target"> (workshop/cmd/callers/main.go)</span>`,
		`later section</a><span class="target"> (see “Code of every width”)</span>`,
		`02-listed</a><span class="target"> (02-listed/)</span>`,
		`Sample tutorial</a><span class="target"> (README.md)</span>`,
	} {
		assert.Contains(t, text, want)
	}
	assert.Contains(t, text, `Solutions</a><span class="target"> (in the instructor’s copy)</span>`,
		"the attendee's copy has no Solutions to see")
	ins, err := ch.article(instructor)
	require.NoError(t, err)
	assert.NotContains(t, ins, `(see “Solutions”)`,
		"a link named for its heading says where it goes already")
	assert.Contains(t, ins, `Solutions</a>`)
	assert.Contains(t, text, "https://example.com/bare</a>\nneeds")
	assert.NotContains(t, text, "(https://example.com/bare)", "a bare URL is printed once")
}

func TestTheAttendeesArticleLeavesTheSolutionsOut(t *testing.T) {
	ch := loadSample(t, "01-sample")
	att, err := ch.article(attendee)
	require.NoError(t, err)
	ins, err := ch.article(instructor)
	require.NoError(t, err)
	assert.NotContains(t, att, "The answer key")
	assert.NotContains(t, att, `<section class="solutions">`)
	assert.Contains(t, ins, "The answer key")
	assert.Contains(t, ins, `<section class="solutions">`)
	assert.Equal(t, 2, strings.Count(att, `class="write"`), "room to write under each ### exercise")

	listed := loadSample(t, "02-listed")
	att, err = listed.article(attendee)
	require.NoError(t, err)
	assert.Equal(t, 3, strings.Count(att, `class="write"`), "room to write under each listed exercise")
}

func TestCodeIsSizedToItsLongestLine(t *testing.T) {
	short := highlight("package main\n\nfunc main() {}\n", "go")
	assert.Contains(t, short, `class="chroma short"`)
	assert.Contains(t, short, `<span class="codeline"> </span>`, "a blank line keeps its height")
	assert.Contains(t, highlight(strings.Repeat("x", 100), "text"), `class="chroma wide short"`)
	assert.Contains(t, highlight(strings.Repeat("x", 113), "text"), `class="chroma wide wrap short"`)
	assert.Equal(t, 10, columns("\t\tab"), "a tab counts four columns, as workshop/literate counts it")
}

func TestImagesAreEmbedded(t *testing.T) {
	root, err := filepath.Abs("testdata/repo")
	require.NoError(t, err)
	out, err := embedImages(`<img src="figure.png" alt="a"><img alt="b" src="../plots/waves.png">`, root, "01-sample")
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(out, `src="data:image/png;base64,`))
	assert.Equal(t, 1, strings.Count(out, `src="data:image/svg+xml;base64,`),
		"a figure with an SVG beside its PNG prints from the SVG")

	_, err = embedImages(`<img src="missing.png">`, root, "01-sample")
	assert.ErrorContains(t, err, "missing.png")
	_, err = embedImages(`<img src="https://example.com/x.png">`, root, "01-sample")
	assert.ErrorContains(t, err, "only a file of the repository can be printed")
}

func TestTheRootIsFoundFromBelow(t *testing.T) {
	want, err := filepath.Abs("testdata/repo")
	require.NoError(t, err)
	got, err := findRoot("testdata/repo/01-sample")
	require.NoError(t, err)
	assert.Equal(t, want, got)

	dirs, err := chapterDirs(want, "02")
	require.NoError(t, err)
	assert.Equal(t, []string{"02-listed"}, dirs)
	dirs, err = chapterDirs(want, "01-sample")
	require.NoError(t, err)
	assert.Equal(t, []string{"01-sample"}, dirs)
	_, err = chapterDirs(want, "09")
	assert.ErrorContains(t, err, `no chapter "09"`)
}

// Without Chromium the tool writes the HTML, says in one line how to
// install Chromium, and fails.
func TestWithoutChromiumTheHTMLIsWrittenAndTheFixSaid(t *testing.T) {
	t.Setenv("CHROMIUM", "/nonexistent/chromium")
	t.Chdir("testdata/repo/01-sample")
	out := t.TempDir()
	var stdout, stderr strings.Builder
	code := run([]string{"-out", out}, &stdout, &stderr)
	assert.Equal(t, 1, code)
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	assert.Equal(t, []string{
		"handout: 02-listed has no Solutions section: its attendee and instructor copies are the same",
	}, lines[:len(lines)-1])
	assert.Contains(t, lines[len(lines)-1], "apt-get install chromium")
	for _, f := range []string{"01-sample-attendee.html", "01-sample-instructor.html",
		"02-listed-attendee.html", "pack-attendee.html", "pack-instructor.html"} {
		assert.FileExists(t, filepath.Join(out, f))
	}
	pdfs, err := filepath.Glob(filepath.Join(out, "*.pdf"))
	require.NoError(t, err)
	assert.Empty(t, pdfs)
	b, err := os.ReadFile(filepath.Join(out, "01-sample-attendee.html"))
	require.NoError(t, err)
	assert.NotContains(t, string(b), `src="figure.png"`, "the HTML stands alone")
}

func TestFlagsAreChecked(t *testing.T) {
	var stdout, stderr strings.Builder
	assert.Equal(t, 2, run([]string{"-paper", "a5"}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "want a4 or letter")
	stderr.Reset()
	assert.Equal(t, 2, run([]string{"-h"}, &stdout, &stderr))
	assert.True(t, strings.HasPrefix(stderr.String(), "handout: print each chapter's README"))
}

func TestATranscriptIsReadAsTheREADMEsWriteOne(t *testing.T) {
	html := highlight("# AMD EPYC, 2 cores\n$ go build . && strace \\\n  -f ./x\nalice: 555-7479\n", "console")
	assert.Contains(t, html, `<span class="c1"># AMD EPYC, 2 cores</span>`, "the machine's stamp is a note")
	assert.Contains(t, html, `<span class="gp">$ </span>`)
	assert.Contains(t, html, `<span class="go">alice: 555-7479</span>`)
	assert.NotContains(t, html, `<span class="go">  -f ./x</span>`, "a command goes on after its backslash")
}

// A README's workshop path says how long the slot takes, and the cover
// says it; "After the workshop" is a section of its own kind, which
// starts a page.
func TestTheWorkshopPathSaysHowLongItTakes(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "09-path")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	readme := "# 09 · Path\n\nA chapter.\n\n## The workshop path\n\n" +
		"A 45-minute slot: read for 20 minutes, do the exercises for 25.\n\n" +
		"## The analogy\n\nWords.\n\n## After the workshop\n\nLater.\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "README.md"),
		[]byte(readme), 0o644))
	ch, err := loadChapter(root, "09-path")
	require.NoError(t, err)
	assert.Equal(t, "A 45-minute slot: read for 20 minutes, do the exercises for 25.",
		ch.duration())
	kinds := map[string]sectionKind{}
	for _, s := range ch.sections {
		kinds[s.Title] = s.Kind
	}
	assert.Equal(t, afterSection, kinds["After the workshop"])
	assert.Equal(t, plainSection, kinds["The workshop path"])
}
