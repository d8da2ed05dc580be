package main

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// A browser is one headless Chromium, with one tab the handouts are
// loaded into and printed from, one after the other.
type browser struct {
	tab     context.Context
	cancels []context.CancelFunc
	profile string
}

// chromiumNames are the names Chromium goes by on Linux distributions.
var chromiumNames = []string{"chromium", "chromium-browser",
	"google-chrome", "google-chrome-stable"}

// findChromium finds a Chromium to print with: $CHROMIUM if set, else
// the first of chromiumNames on $PATH.
func findChromium() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		if found, err := exec.LookPath(p); err == nil {
			return found, nil
		}
		return "", errNoChromium
	}
	for _, name := range chromiumNames {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errNoChromium
}

// startBrowser starts Chromium headless, with a profile of its own that
// is removed on close. The flags keep it off the network: it loads only
// the handout's file, and its background services (updates, sync, QUIC
// probes) would otherwise try to connect and be refused.
func startBrowser(ctx context.Context) (*browser, error) {
	exe, err := findChromium()
	if err != nil {
		return nil, err
	}
	profile, err := os.MkdirTemp("", "handout-chromium-")
	if err != nil {
		return nil, err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profile),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
	}
	b := &browser{profile: profile}
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	tab, cancelTab := chromedp.NewContext(actx)
	b.tab = tab
	b.cancels = []context.CancelFunc{cancelTab, cancelAlloc}
	if err := chromedp.Do(tab); err != nil {
		b.close()
		return nil, fmt.Errorf("starting %s: %w", exe, err)
	}
	return b, nil
}

var chromeVersionRE = regexp.MustCompile(`Chrome/(\d+)\.`)

// marginBoxesFrom is the first Chromium that prints CSS @page margin
// boxes, which carry the pack's running heads.
const marginBoxesFrom = 131

// major is the browser's major version, 0 if it cannot be told.
func (b *browser) major() int {
	ua, err := chromedp.Run(b.tab, chromedp.Evaluate[string](`navigator.userAgent`))
	if err != nil {
		return 0
	}
	m := chromeVersionRE.FindStringSubmatch(ua)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func (b *browser) close() {
	for _, cancel := range b.cancels {
		cancel()
	}
	_ = os.RemoveAll(b.profile)
}

// load opens an HTML file in the tab and waits until it is laid out with
// its fonts and images.
func (b *browser) load(file string) error {
	abs, err := filepath.Abs(file)
	if err != nil {
		return err
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	ctx, cancel := context.WithTimeout(b.tab, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(u.String())); err != nil {
		return fmt.Errorf("loading %s: %w", file, err)
	}
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](
		`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise))
	return err
}

// printPDF prints the loaded page on p. With header set, Chromium prints
// the header and footer templates in the margins (a chapter's title and
// its page numbers); without, the page's own CSS margin boxes do.
func (b *browser) printPDF(p paper, title, label string, header bool) ([]byte, error) {
	ctx, cancel := context.WithTimeout(b.tab, 120*time.Second)
	defer cancel()
	opts := []chromedp.PDFOption{
		chromedp.PDFPaper(chromedp.PaperSize{Width: p.Width, Height: p.Height}),
		chromedp.PDFMargins(marginTop, marginSide, marginBottom, marginSide),
		chromedp.PDFPrintBackground(),
		func(pp *page.PrintToPDFParams) {
			pp.GenerateDocumentOutline = ptr(true)
			pp.GenerateTaggedPDF = ptr(true)
		},
	}
	if header {
		opts = append(opts,
			chromedp.PDFHeaderTemplate(headerTemplate(title, label)),
			chromedp.PDFFooterTemplate(footerTemplate()),
			func(pp *page.PrintToPDFParams) { pp.DisplayHeaderFooter = ptr(true) })
	} else {
		opts = append(opts, func(pp *page.PrintToPDFParams) {
			pp.PreferCSSPageSize = ptr(false)
		})
	}
	return chromedp.Run(ctx, chromedp.PrintToPDF(opts...))
}

func ptr[T any](v T) *T { return &v }

// The header and footer are small pages of their own: nothing of the
// document's style reaches them, so they carry theirs.
const marginStyle = `font-family: 'Liberation Sans', 'DejaVu Sans', Arial, sans-serif;` +
	` font-size: 8pt; color: #444; width: 100%%; box-sizing: border-box;` +
	` padding: 0 %.2fin; display: flex; justify-content: space-between;`

func headerTemplate(title, label string) string {
	return fmt.Sprintf(`<div style="`+marginStyle+`"><span>%s</span><span>%s</span></div>`,
		marginSide, html.EscapeString(title), html.EscapeString(label))
}

func footerTemplate() string {
	return fmt.Sprintf(`<div style="`+marginStyle+`"><span>Hold the Line</span>`+
		`<span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
		marginSide)
}

// emulatePrint lays the loaded page out as it prints on p: print media,
// and a viewport as wide as the paper's printable width. The tests
// measure the page in this state.
func (b *browser) emulatePrint(p paper) error {
	width := int64((p.Width - 2*marginSide) * 96)
	height := int64((p.Height - marginTop - marginBottom) * 96)
	return chromedp.Do(b.tab,
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia,
				emulation.SetEmulatedMediaParams{Media: "print"})
			return err
		}),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetDeviceMetricsOverride,
				emulation.SetDeviceMetricsOverrideParams{
					Width: width, Height: height, DeviceScaleFactor: 1})
			return err
		}))
}

var pdfPageRE = regexp.MustCompile(`/Type\s*/Page\b[^s]`)

// pageCount counts the pages of a PDF Chromium printed. Chromium writes
// each page object uncompressed, so counting them is enough.
func pageCount(pdf []byte) int {
	return len(pdfPageRE.FindAll(pdf, -1))
}
