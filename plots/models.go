package main

import (
	"image/color"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A model is one server the plots measure: a chapter's binary or a
// reference peer. Adding a chapter to every figure is one entry here.
type model struct {
	name  string   // as -only and the CSVs name it
	label string   // as the figures name it; "" means name
	dir   string   // the main package to go build, from the repo's root
	args  []string // the model's own flags, after the contract's

	// How it is drawn, the same in every figure. Colour, marker and
	// dashes each tell the models apart: the colour for most readers,
	// the marker and the dashes in grey and for a colour-blind reader
	// (TestEveryModelLooksDifferentInColourAndInGrey).
	color  color.Color
	shape  draw.GlyphDrawer
	dashes []vg.Length

	// The most callers it is offered in the figures that load it
	// (1: time to answer, 2: memory held). The blocking models get a
	// few, so a run stays short; they are drawn only as far as this.
	maxAnswer, maxHold int
	// whyStop says, at the end of its line in figure 1, why it was
	// offered no more than maxAnswer.
	whyStop string
	// capacityOffer is how many callers figure 6 offers it at once;
	// 0 means a few more than its fd limit allows, and so does more.
	capacityOffer int
	// capacitySetting names the flag that caps its calls below the fd
	// limit (02's -max-calls) and capacityCap its value: figure 6 says
	// a point that reaches it is a setting reached, not a wall found.
	capacitySetting string
	capacityCap     int
	// timelineArgs replace args for figure 3, where fewer operators
	// than callers show the pool's waves.
	timelineArgs []string
	shortCalls   bool // in figure 7, short calls per second
	// only names the one experiment the model is drawn in, if any.
	only string
}

func (m model) shown() string {
	if m.label != "" {
		return m.label
	}
	return m.name
}

// The Okabe–Ito palette (Okabe and Ito, "Color Universal Design",
// 2008): eight colours that stay apart under the common colour
// blindnesses. A ninth model reuses a colour with a marker and dashes
// of its own.
var (
	okOrange    = rgb(0xe6, 0x9f, 0x00)
	okSkyBlue   = rgb(0x56, 0xb4, 0xe9)
	okGreen     = rgb(0x00, 0x9e, 0x73)
	okYellow    = rgb(0xf0, 0xe4, 0x42)
	okBlue      = rgb(0x00, 0x72, 0xb2)
	okVermilion = rgb(0xd5, 0x5e, 0x00)
	okPurple    = rgb(0xcc, 0x79, 0xa7)
	okBlack     = rgb(0x00, 0x00, 0x00)
)

// dash patterns, in points: on, off.
func dash(on ...float64) []vg.Length {
	var d []vg.Length
	for _, x := range on {
		d = append(d, vg.Points(x))
	}
	return d
}

// models, in the order of the chapters, the peers last. A model whose
// directory is not in this checkout (a chapter still being written) is
// skipped with a note.
var models = []model{
	{name: "01-blocking", dir: "01-blocking",
		color: okVermilion, shape: draw.SquareGlyph{}, dashes: dash(1, 2),
		maxAnswer: 8, maxHold: 100, capacityOffer: 3,
		whyStop: "a lookup a caller"},
	// 02 holds at most its -max-calls (5,000 by default): it is
	// offered no more, so its points compare with the others' at N.
	{name: "02-threads", dir: "02-threads",
		color: okOrange, shape: draw.TriangleGlyph{}, dashes: dash(6, 2),
		maxAnswer: 10000, maxHold: 5000,
		capacitySetting: "-max-calls", capacityCap: 5000},
	{name: "03-pool", dir: "03-pool",
		color: okYellow, shape: draw.PyramidGlyph{}, dashes: dash(6, 2, 1, 2),
		maxAnswer: 100, maxHold: 100, capacityOffer: 40,
		whyStop:      "a lookup for every 10",
		timelineArgs: []string{"-workers", "4"}},
	// select cannot watch an fd of 1024 or more: the server's own fds
	// (9 of them) leave room for about 1,015 calls, and callers past
	// that hear busy. It is offered 1,000 to hold, and 1,100 to find
	// its wall in figure 6.
	{name: "04-select", dir: "04-select", args: []string{"-poller", "select"},
		color: okPurple, shape: draw.CrossGlyph{}, dashes: dash(3, 3),
		maxAnswer: 1000, maxHold: 1000, capacityOffer: 1100,
		whyStop: "its wall at fd 1024"},
	{name: "04-poll", dir: "04-select", args: []string{"-poller", "poll"},
		color: okSkyBlue, shape: draw.PlusGlyph{}, dashes: dash(10, 3),
		maxAnswer: 10000, maxHold: 10000},
	// Level-triggered, chapter 05's default; its calls are bounded
	// only by the open-file limit (Go raises the soft one to the hard).
	{name: "05-epoll", dir: "05-epoll", args: []string{"-trigger", "level"},
		color: okGreen, shape: draw.CircleGlyph{}, dashes: nil,
		maxAnswer: 10000, maxHold: 10000, shortCalls: true},
	// Each call holds three fds (the caller's, and both ends of its
	// records-room call): on a 20,000-fd limit about 6,600 calls, so
	// it is offered 3,000 to answer and to hold. Okabe and Ito's eight
	// colours are taken: its wine is from Paul Tol's muted scheme,
	// which is safe for colour-blind readers too.
	{name: "06-callbacks", dir: "06-callbacks",
		color: rgb(0x88, 0x22, 0x55), shape: diamondGlyph{}, dashes: dash(4, 2),
		maxAnswer: 3000, maxHold: 3000},
	// Chapter 7's two models ask the same records room as 06, so a
	// call holds the same fds: offered 3,000 as well. Tol's teal and
	// indigo, as 06's wine.
	{name: "07-coroutines", dir: "07-coroutines",
		args:  []string{"-model", "coroutines"},
		color: rgb(0x44, 0xaa, 0x99), shape: downTriangleGlyph{}, dashes: dash(1, 1),
		maxAnswer: 3000, maxHold: 3000},
	{name: "07-goroutines", dir: "07-coroutines",
		args:  []string{"-model", "goroutines"},
		color: rgb(0x33, 0x22, 0x88), shape: starGlyph{}, dashes: dash(5, 1, 1, 1),
		maxAnswer: 3000, maxHold: 3000},
	// Offload with no CPU work: in the figures of the other chapters it
	// would be a coroutine loop whose lookups are timers, 07 again, so
	// it is drawn in figure 8 alone, which runs every strategy.
	{name: "08-cpu-bound", dir: "08-cpu-bound",
		args:  []string{"-strategy", "offload", "-work", "0s"},
		color: rgb(0x99, 0x99, 0x33), shape: hexagonGlyph{}, dashes: dash(2, 2, 6, 2),
		maxAnswer: 10000, maxHold: 10000, only: "8-cpubound"},
	{name: "gonet", label: "Go net", dir: "plots/peers/gonet",
		color: okBlue, shape: draw.RingGlyph{}, dashes: dash(8, 2, 2, 2, 2, 2),
		maxAnswer: 10000, maxHold: 10000, shortCalls: true},
	{name: "gnet", dir: "plots/peers/gnet",
		color: okBlack, shape: draw.BoxGlyph{}, dashes: dash(2, 1),
		maxAnswer: 10000, maxHold: 10000, shortCalls: true},
}

func rgb(r, g, b uint8) color.Color { return color.RGBA{r, g, b, 255} }

// diamondGlyph is an outlined square on its point: gonum's eight
// glyphs are all taken by the models above.
type diamondGlyph struct{}

func (diamondGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: vg.Points(0.5)})
	r := sty.Radius
	p := make(vg.Path, 0, 5)
	p.Move(vg.Point{X: pt.X, Y: pt.Y - r})
	p.Line(vg.Point{X: pt.X + r, Y: pt.Y})
	p.Line(vg.Point{X: pt.X, Y: pt.Y + r})
	p.Line(vg.Point{X: pt.X - r, Y: pt.Y})
	p.Close()
	c.Stroke(p)
}

// starGlyph is three strokes crossing.
type starGlyph struct{}

func (starGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	line := draw.LineStyle{Color: sty.Color, Width: vg.Points(0.5)}
	r := sty.Radius
	for _, d := range []vg.Point{{X: 0, Y: r}, {X: r * 0.87, Y: r / 2},
		{X: r * 0.87, Y: -r / 2}} {
		c.StrokeLine2(line, pt.X-d.X, pt.Y-d.Y, pt.X+d.X, pt.Y+d.Y)
	}
}

// hexagonGlyph is an outlined hexagon.
type hexagonGlyph struct{}

func (hexagonGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: vg.Points(0.5)})
	r := sty.Radius
	p := make(vg.Path, 0, 7)
	for i := range 6 {
		a := math.Pi / 3 * float64(i)
		q := vg.Point{X: pt.X + r*vg.Length(math.Cos(a)), Y: pt.Y + r*vg.Length(math.Sin(a))}
		if i == 0 {
			p.Move(q)
		} else {
			p.Line(q)
		}
	}
	p.Close()
	c.Stroke(p)
}

// downTriangleGlyph is a triangle on its point, outlined (07's
// coroutines), or filled (figure 8's second series).
type downTriangleGlyph struct{ filled bool }

func (g downTriangleGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle,
	pt vg.Point) {
	r := sty.Radius
	p := make(vg.Path, 0, 4)
	p.Move(vg.Point{X: pt.X - r, Y: pt.Y + r*0.6})
	p.Line(vg.Point{X: pt.X + r, Y: pt.Y + r*0.6})
	p.Line(vg.Point{X: pt.X, Y: pt.Y - r})
	p.Close()
	if g.filled {
		c.SetColor(sty.Color)
		c.Fill(p)
		return
	}
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: vg.Points(0.5)})
	c.Stroke(p)
}
