package main

import (
	"encoding/csv"
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// A figure is one PNG: a title, panels in a grid, a legend in a column
// of its own on the right (so it never hides data), and the stamp of
// the machine at the foot.
type figure struct {
	title  string
	sub    string // a second, smaller line under the title
	panels []*plot.Plot
	cols   int
	legend *plot.Legend
	w, h   vg.Length // of the whole image; 0: 8 x 5 inches
}

// panel is a plot with the figure's usual look.
func panel(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = x
	p.Y.Label.Text = y
	p.Add(plotter.NewGrid())
	p.X.Tick.Marker = plainTicks{}
	p.Y.Tick.Marker = plainTicks{}
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
// times the powers of ten.
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
	for d := math.Pow(10, math.Floor(math.Log10(lo))); d <= hi; d *= 10 {
		for k := 1; k <= 9; k++ {
			v := float64(k) * d
			if v < lo || v > hi {
				continue
			}
			t := plot.Tick{Value: v}
			if k == 1 || k == 2 || k == 5 {
				t.Label = strconv.FormatFloat(v, 'g', -1, 64)
			}
			ts = append(ts, t)
		}
	}
	return ts
}

// curve adds one model's measurements to p, in the model's colour and
// marker, and returns it for the legend. Points a log axis cannot show
// (zero or less) are left out.
func curve(p *plot.Plot, m model, xys plotter.XYs) plot.Thumbnailer {
	var keep plotter.XYs
	_, lx := p.X.Scale.(plot.LogScale)
	_, ly := p.Y.Scale.(plot.LogScale)
	for _, xy := range xys {
		if (lx && xy.X <= 0) || (ly && xy.Y <= 0) {
			continue
		}
		keep = append(keep, xy)
	}
	line, points := styled(m)
	if len(keep) > 0 {
		line.XYs, points.XYs = keep, keep
		p.Add(line, points)
	}
	return thumb{line, points}
}

// styled returns a model's line and markers, with no data yet.
func styled(m model) (*plotter.Line, *plotter.Scatter) {
	line := &plotter.Line{LineStyle: plotter.DefaultLineStyle}
	line.LineStyle.Color = m.color
	line.LineStyle.Width = vg.Points(1.5)
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
	for _, m := range ms {
		line, points := styled(m)
		l.Add(m.name, thumb{line, points})
	}
	return &l
}

var (
	titleStyle = text.Style{Color: color.Black, Font: font.From(plot.DefaultFont, 14),
		XAlign: draw.XCenter, YAlign: draw.YTop, Handler: plot.DefaultTextHandler}
	subStyle = text.Style{Color: color.Gray{0x33}, Font: font.From(plot.DefaultFont, 10),
		XAlign: draw.XCenter, YAlign: draw.YTop, Handler: plot.DefaultTextHandler}
	stampStyle = text.Style{Color: color.Gray{0x55}, Font: font.From(plot.DefaultFont, 8),
		XAlign: draw.XLeft, YAlign: draw.YBottom, Handler: plot.DefaultTextHandler}
)

// save draws f into NAME.png in the run's output folder.
func (r *run) save(f figure) error {
	w, h := f.w, f.h
	if w == 0 {
		w, h = 8*vg.Inch, 5*vg.Inch
	}
	img := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(110))
	c := draw.New(img)
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
		right = 1.45 * vg.Inch
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

	path := filepath.Join(r.out, r.experiment+".png")
	file, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(file); err != nil {
		file.Close()
		return err
	}
	return file.Close()
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
