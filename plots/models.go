package main

import (
	"image/color"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A model is one server the plots measure: a chapter's binary or a
// reference peer. Adding a chapter to every figure is one entry here.
type model struct {
	name string   // as the figures and -only name it
	dir  string   // the main package to go build, from the repo's root
	args []string // the model's own flags, after the contract's

	color color.Color      // the same in every figure
	shape draw.GlyphDrawer // likewise

	// The most callers it is offered in the figures that load it
	// (1: time to answer, 2: memory held). The blocking models get a
	// few, so a run stays short; they are drawn only as far as this.
	maxAnswer, maxHold int
	// capacityOffer is how many callers figure 6 offers it at once;
	// 0 means a few more than its fd limit allows, and so does more.
	capacityOffer int
	// timelineArgs replace args for figure 3, where fewer operators
	// than callers show the pool's waves.
	timelineArgs []string
	shortCalls   bool // in figure 7, short calls per second
}

// models, in the order of the chapters, the peers last. A model whose
// directory is not in this checkout (a chapter still being written) is
// skipped with a note.
var models = []model{
	{name: "01-blocking", dir: "01-blocking",
		color: rgb(0xd6, 0x27, 0x28), shape: draw.SquareGlyph{},
		maxAnswer: 8, maxHold: 100, capacityOffer: 3},
	{name: "02-threads", dir: "02-threads",
		color: rgb(0xff, 0x7f, 0x0e), shape: draw.TriangleGlyph{},
		maxAnswer: 10000, maxHold: 10000},
	{name: "03-pool", dir: "03-pool",
		color: rgb(0x8c, 0x56, 0x4b), shape: draw.PyramidGlyph{},
		maxAnswer: 100, maxHold: 100, capacityOffer: 40,
		timelineArgs: []string{"-workers", "4"}},
	// select cannot watch an fd of 1024 or more: the server's own fds
	// (9 of them) leave room for about 1,015 calls, and callers past
	// that hear busy. It is offered 1,000 to hold, and 1,100 to find
	// its wall in figure 6.
	{name: "04-select", dir: "04-select", args: []string{"-poller", "select"},
		color: rgb(0x94, 0x67, 0xbd), shape: draw.CrossGlyph{},
		maxAnswer: 1000, maxHold: 1000, capacityOffer: 1100},
	{name: "04-poll", dir: "04-select", args: []string{"-poller", "poll"},
		color: rgb(0xe3, 0x77, 0xc2), shape: draw.PlusGlyph{},
		maxAnswer: 10000, maxHold: 10000},
	// Level-triggered, chapter 05's default; its calls are bounded
	// only by the open-file limit (Go raises the soft one to the hard).
	{name: "05-epoll", dir: "05-epoll", args: []string{"-trigger", "level"},
		color: rgb(0x2c, 0xa0, 0x2c), shape: draw.CircleGlyph{},
		maxAnswer: 10000, maxHold: 10000, shortCalls: true},
	// Each call holds three fds (the caller's, and both ends of its
	// records-room call): on a 20,000-fd limit about 6,600 calls, so
	// it is offered 3,000 to answer and to hold.
	{name: "06-callbacks", dir: "06-callbacks",
		color: rgb(0xbc, 0xbd, 0x22), shape: diamondGlyph{},
		maxAnswer: 3000, maxHold: 3000},
	// Offload with no CPU work: in the other figures, a coroutine loop
	// whose lookups are timers. Figure 8 runs it with every strategy.
	{name: "08-cpu-bound", dir: "08-cpu-bound",
		args:  []string{"-strategy", "offload", "-work", "0s"},
		color: rgb(0x17, 0xbe, 0xcf), shape: downTriangleGlyph{},
		maxAnswer: 10000, maxHold: 10000},
	{name: "gonet", dir: "plots/peers/gonet",
		color: rgb(0x1f, 0x77, 0xb4), shape: draw.RingGlyph{},
		maxAnswer: 10000, maxHold: 10000, shortCalls: true},
	{name: "gnet", dir: "plots/peers/gnet",
		color: rgb(0x7f, 0x7f, 0x7f), shape: draw.BoxGlyph{},
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
