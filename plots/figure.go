package main

import (
	"encoding/csv"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// A figure is one PNG (for the READMEs, 200 dpi) and one SVG (for the
// printed handouts, fonts embedded): a title, panels in a grid, a
// legend in a column of its own on the right (so it never hides data),
// and the stamp of the machine at the foot.
//
// Every figure is figureWidth wide, so that at the handout's text
// width (printWidth) no text is smaller than minPrintPt
// (TestFigureTextIsReadableWhenPrintedOnA4).
type figure struct {
	title  string
	sub    string // a second, smaller line under the title
	panels []*plot.Plot
	cols   int
	legend *plot.Legend
	h      vg.Length // of the whole image; 0: 5 inches
}

const (
	figureWidth = 8 * vg.Inch
	// printWidth is A4's width less 15 mm margins: the widest a
	// handout prints a figure.
	printWidth = 180 * vg.Millimeter
	minPrintPt = 8
	// The smallest font a figure uses, ticks and the stamp.
	smallPt = 10
)

// panel is a plot with the figure's usual look.
func panel(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = x
	p.Y.Label.Text = y
	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{0xdd}
	grid.Horizontal.Color = color.Gray{0xdd}
	p.Add(grid)
	p.X.Tick.Marker = plainTicks{}
	p.Y.Tick.Marker = plainTicks{}
	p.Title.TextStyle.Font.Size = 12
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = 11
		a.Tick.Label.Font.Size = smallPt
	}
	return p
}

// plainTicks are gonum's default ticks, labelled without trailing
// zeros ("25000", not "25000.00").
type plainTicks struct{}

func (plainTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = strconv.FormatFloat(ts[i].Value, 'f', -1, 64)
		}
	}
	return ts
}

// logX and logY put an axis on a log scale, labelled at 1, 2 and 5
// times the powers of ten, or at the powers alone where the axis spans
// more than two decades (in a panel half a page wide their labels
// would collide).
func logX(p *plot.Plot) {
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = logTicks{}
}

func logY(p *plot.Plot) {
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = logTicks{}
}

// logTicks labels 1, 2 and 5 in each decade and marks the others.
type logTicks struct{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	wide := hi/lo > 100
	for d := math.Pow(10, math.Floor(math.Log10(lo))); d <= hi; d *= 10 {
		for k := 1; k <= 9; k++ {
			v := float64(k) * d
			if v < lo || v > hi {
				continue
			}
			t := plot.Tick{Value: v}
			if k == 1 || (!wide && (k == 2 || k == 5)) {
				t.Label = strconv.FormatFloat(v, 'g', -1, 64)
			}
			ts = append(ts, t)
		}
	}
	return ts
}

// A spread is what the rounds of one point measured: their median,
// which is drawn and quoted, and their least and most, drawn as a
// whisker.
type spread struct {
	med, lo, hi float64
	n           int
}

func spreadOf(xs []float64) spread {
	xs = slices.Clone(xs)
	slices.Sort(xs)
	return spread{med: median(xs), lo: xs[0], hi: xs[len(xs)-1], n: len(xs)}
}

// median is the middle value, or the mean of the middle two.
func median(xs []float64) float64 {
	xs = slices.Clone(xs)
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// rounds gathers the rounds of one model's points: y values by x.
type rounds map[float64][]float64

func (r rounds) add(x, y float64) { r[x] = append(r[x], y) }

// curve adds one model's points to p, each the median of its rounds
// with a whisker from the least to the most, joined by a line in the
// model's colour and dashes, and returns it for the legend. Points a
// log axis cannot show (zero or less) are left out.
func curve(p *plot.Plot, m model, pts rounds) plot.Thumbnailer {
	return curveStep(p, m, pts, plotter.NoStep, 0)
}

// curveStep is curve with the line drawn as steps (for categories,
// where a slope between two would mean nothing) and every y moved by
// nudge.
func curveStep(p *plot.Plot, m model, pts rounds, step plotter.StepKind,
	nudge float64) plot.Thumbnailer {
	_, lx := p.X.Scale.(plot.LogScale)
	_, ly := p.Y.Scale.(plot.LogScale)
	var xs []float64
	for x := range pts {
		xs = append(xs, x)
	}
	slices.Sort(xs)
	var keep plotter.XYs
	var errs plotter.YErrors
	for _, x := range xs {
		s := spreadOf(pts[x])
		if (lx && x <= 0) || (ly && s.lo <= 0) {
			continue
		}
		keep = append(keep, plotter.XY{X: x, Y: s.med + nudge})
		errs = append(errs, struct{ Low, High float64 }{s.med - s.lo, s.hi - s.med})
	}
	line, points := styled(m)
	line.StepStyle = step
	if len(keep) > 0 {
		line.XYs, points.XYs = keep, keep
		if step != noLine {
			p.Add(line)
		}
		p.Add(points)
		bars := &plotter.YErrorBars{XYs: keep, YErrors: errs,
			LineStyle: draw.LineStyle{Color: m.color, Width: vg.Points(1)},
			CapWidth:  vg.Points(5)}
		p.Add(bars)
	}
	return thumb{line, points}
}

// noLine, as curveStep's step, draws the points and their whiskers
// alone: for points that are not a series.
const noLine plotter.StepKind = -1

// styled returns a model's line and markers, with no data yet.
func styled(m model) (*plotter.Line, *plotter.Scatter) {
	line := &plotter.Line{LineStyle: plotter.DefaultLineStyle}
	line.LineStyle.Color = m.color
	line.LineStyle.Width = vg.Points(1.5)
	line.LineStyle.Dashes = m.dashes
	glyph := draw.GlyphStyle{Color: m.color, Shape: m.shape,
		Radius: vg.Points(3.5)}
	points := &plotter.Scatter{GlyphStyle: glyph,
		GlyphStyleFunc: func(int) draw.GlyphStyle { return glyph }}
	return line, points
}

// thumb draws a model's line and marker in the legend.
type thumb struct {
	line   *plotter.Line
	points *plotter.Scatter
}

func (t thumb) Thumbnail(c *draw.Canvas) {
	t.line.Thumbnail(c)
	t.points.Thumbnail(c)
}

// modelLegend is the legend of ms, in the order given.
func modelLegend(ms []model) *plot.Legend {
	l := plot.NewLegend()
	l.TextStyle.Font.Size = smallPt
	l.ThumbnailWidth = vg.Points(28)
	for _, m := range ms {
		line, points := styled(m)
		l.Add(m.shown(), thumb{line, points})
	}
	return &l
}

var (
	titleStyle = text.Style{Color: color.Black, Font: font.From(plot.DefaultFont, 13),
		XAlign: draw.XCenter, YAlign: draw.YTop, Handler: plot.DefaultTextHandler}
	subStyle = text.Style{Color: color.Gray{0x33}, Font: font.From(plot.DefaultFont, smallPt),
		XAlign: draw.XCenter, YAlign: draw.YTop, Handler: plot.DefaultTextHandler}
	stampStyle = text.Style{Color: color.Gray{0x44}, Font: font.From(plot.DefaultFont, smallPt),
		XAlign: draw.XLeft, YAlign: draw.YBottom, Handler: plot.DefaultTextHandler}
)

// save draws f into NAME.png and NAME.svg in the run's output folder.
func (r *run) save(f figure) error {
	w, h := figureWidth, f.h
	if h == 0 {
		h = 5 * vg.Inch
	}
	png := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(200))
	svg := vgsvg.NewWith(vgsvg.UseWH(w, h), vgsvg.EmbedFonts(true))
	for _, c := range []vg.CanvasSizer{png, svg} {
		r.draw(f, draw.New(c), w, h)
	}
	for ext, wt := range map[string]io.WriterTo{
		".png": vgimg.PngCanvas{Canvas: png}, ".svg": svg} {
		file, err := os.Create(filepath.Join(r.out, r.experiment+ext))
		if err != nil {
			return err
		}
		if _, err := wt.WriteTo(file); err != nil {
			file.Close()
			return err
		}
		if err := file.Close(); err != nil {
			return err
		}
	}
	return nil
}

func (r *run) draw(f figure, c draw.Canvas, w, h vg.Length) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())

	const pad = vg.Length(6)
	c.FillText(titleStyle, vg.Point{X: w / 2, Y: h - pad}, f.title)
	c.FillText(stampStyle, vg.Point{X: pad, Y: pad}, "measured on "+r.stamp.line())
	top := titleStyle.Height(f.title) + 2*pad
	if f.sub != "" {
		c.FillText(subStyle, vg.Point{X: w / 2, Y: h - top}, f.sub)
		top += subStyle.Height(f.sub) + pad
	}
	bottom := stampStyle.Height("x") + 2*pad

	var right vg.Length
	if f.legend != nil {
		// As wide as its longest name, and never less than an inch
		// and a quarter, so figures with short names keep their look.
		f.legend.Top, f.legend.Left = true, true
		lr := f.legend.Rectangle(c)
		right = max(1.25*vg.Inch, lr.Max.X-lr.Min.X+3*pad)
		lc := draw.Crop(c, w-right+pad, -pad, bottom, -top-2*pad)
		f.legend.Top = true
		f.legend.Left = true
		f.legend.Draw(lc)
	}
	cols := max(f.cols, 1)
	rows := (len(f.panels) + cols - 1) / cols
	area := draw.Crop(c, 0, -right, bottom, -top)
	pw := (area.Max.X - area.Min.X) / vg.Length(cols)
	ph := (area.Max.Y - area.Min.Y) / vg.Length(rows)
	for i, p := range f.panels {
		col, row := i%cols, i/cols
		x0 := area.Min.X + vg.Length(col)*pw
		y1 := area.Max.Y - vg.Length(row)*ph
		p.Draw(draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: x0, Y: y1 - ph},
			Max: vg.Point{X: x0 + pw, Y: y1}}})
	}
}

// writeCSV writes the experiment's measurements beside its figure. The
// stamp is in stamp.txt beside them, so the CSV stays plain.
func (r *run) writeCSV(header []string, rows [][]string) error {
	path := filepath.Join(r.out, r.experiment+".csv")
	file, err := os.Create(path)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(file)
	cw.Write(header)
	cw.WriteAll(rows)
	if err := cw.Error(); err != nil {
		file.Close()
		return err
	}
	return file.Close()
}

// Short ways to put numbers in a CSV row.
func itoa(n int) string                            { return fmt.Sprint(n) }
func ftoa(f float64) string                        { return fmt.Sprintf("%.6g", f) }
func secs(d interface{ Seconds() float64 }) string { return ftoa(d.Seconds()) }
