package main

import (
	"fmt"
	"image/color"
	"slices"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/holdtheline/holdtheline/workshop/caller"
)

// The three parts of a call, coloured the same in every panel.
var phases = []struct {
	name  string
	color color.Color
}{
	// Greys, light to dark in the order of a call: they read in print
	// and take no colour a model is drawn in.
	{"connect", color.Gray{0xd0}},
	{"ringing", color.Gray{0x90}},
	{"on hold", color.Gray{0x30}},
}

// timeline is figure 3: 12 callers call at once, and each call is a
// bar split into connect, ringing and on hold, one panel per model.
func timeline(r *run) error {
	rows := [][]string{}
	var panels []*plot.Plot
	var longest float64
	for _, m := range r.models {
		args := m.args
		if m.timelineArgs != nil {
			args = m.timelineArgs
		}
		n := r.timelineN
		r.p.step(r.experiment, m.name, n)
		s, err := r.serve(m, args, "-lookup", r.timelineLookup.String())
		if err != nil {
			return err
		}
		l := drive(s, caller.Fleet{N: n,
			Timeout: time.Duration(n+5)*r.timelineLookup + time.Minute}, r.p)
		s.stop(10 * time.Second)
		sum := l.report.Summary()
		r.harnessUsed(l.harnessShare(), m.name, n)
		r.p.done("%d answered in %v", sum.Answered, sum.Elapsed.Round(time.Millisecond))

		calls := slices.Clone(l.report.Calls)
		// Bottom to top in the order they were picked up.
		slices.SortStableFunc(calls, func(a, b caller.Call) int {
			return a.PickedUp.Compare(b.PickedUp)
		})
		bars := &callBars{start: l.report.Start, calls: calls}
		for i, c := range calls {
			at := func(t time.Time) string {
				if t.IsZero() {
					return ""
				}
				return secs(t.Sub(l.report.Start))
			}
			rows = append(rows, []string{m.name, itoa(i + 1), c.Name,
				at(c.Dialed), at(c.Connected), at(c.PickedUp), at(c.Answered),
				c.Outcome().String()})
			if !c.Answered.IsZero() {
				longest = max(longest, c.Answered.Sub(l.report.Start).Seconds())
			}
		}
		title := m.shown()
		if m.timelineArgs != nil {
			title += fmt.Sprintf(" (%s)", joinArgs(args))
		}
		p := panel(title, "time since the callers dialled (s)", "caller")
		p.Add(bars)
		p.Y.Min, p.Y.Max = 0.4, float64(n)+0.6
		p.Y.Tick.Marker = plot.ConstantTicks(callerTicks(n))
		panels = append(panels, p)
	}
	// One time axis for all, so the panels compare at a glance.
	for _, p := range panels {
		p.X.Min, p.X.Max = 0, longest*1.05
	}
	if err := r.writeCSV([]string{"model", "row", "caller", "dialed_s",
		"connected_s", "picked_up_s", "answered_s", "outcome"}, rows); err != nil {
		return err
	}
	legend := plot.NewLegend()
	for _, ph := range phases {
		legend.Add(ph.name, swatch{ph.color})
	}
	cols := min(2, len(panels))
	rowsN := (len(panels) + cols - 1) / cols
	return r.save(figure{
		title: fmt.Sprintf("%d callers call at once: each bar is one call "+
			"(lookup %v)", r.timelineN, r.timelineLookup),
		panels: panels, cols: cols, legend: &legend,
		h: vg.Length(rowsN)*2.2*vg.Inch + 0.8*vg.Inch})
}

func callerTicks(n int) []plot.Tick {
	var ts []plot.Tick
	for i := 1; i <= n; i++ {
		t := plot.Tick{Value: float64(i)}
		if i == 1 || i%3 == 0 {
			t.Label = itoa(i)
		}
		ts = append(ts, t)
	}
	return ts
}

// callBars draws one horizontal bar per call, split at its instants.
type callBars struct {
	start time.Time
	calls []caller.Call
}

func (b *callBars) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	for i, call := range b.calls {
		marks := []time.Time{call.Dialed, call.Connected, call.PickedUp,
			call.Answered}
		y := float64(i + 1)
		for ph := range phases {
			from, to := marks[ph], marks[ph+1]
			if from.IsZero() || to.IsZero() {
				break
			}
			x0 := tx(from.Sub(b.start).Seconds())
			x1 := tx(to.Sub(b.start).Seconds())
			if x1-x0 < 1 {
				x1 = x0 + 1 // a phase too short to see still shows
			}
			y0, y1 := ty(y-0.35), ty(y+0.35)
			c.SetColor(phases[ph].color)
			c.Fill(vg.Rectangle{Min: vg.Point{X: x0, Y: y0},
				Max: vg.Point{X: x1, Y: y1}}.Path())
		}
	}
}

func (b *callBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	for _, c := range b.calls {
		if !c.Answered.IsZero() {
			xmax = max(xmax, c.Answered.Sub(b.start).Seconds())
		}
	}
	return 0, xmax, 0, float64(len(b.calls))
}

// swatch is a legend entry that is a block of colour.
type swatch struct{ color color.Color }

func (s swatch) Thumbnail(c *draw.Canvas) {
	c.SetColor(s.color)
	c.Fill(c.Rectangle.Path())
}

func joinArgs(args []string) string {
	return fmt.Sprint(args)[1 : len(fmt.Sprint(args))-1]
}
