package main

import (
	"fmt"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/holdtheline/holdtheline/workshop/caller"
)

// unboxed draws labels without widening the axes to fit their text:
// a note beside a line must not move the data.
type unboxed struct{ l *plotter.Labels }

func (u unboxed) Plot(c draw.Canvas, p *plot.Plot) { u.l.Plot(c, p) }

// answerN is figure 1: how long it takes to answer N callers who call
// at once (ramped only as far as the backlog needs), the lookup fixed,
// drawn as the time beyond one lookup's worth. Each N gets a fresh
// server in each round; a point is drawn only where every caller was
// answered in every round.
func answerN(r *run) error {
	rows := [][]string{}
	p := panel("", "callers N", "time until the last is answered, in lookups")
	logX(p)
	logY(p)
	pts := map[string]rounds{}
	short := map[string]map[float64]bool{} // some caller not answered
	for round := 1; round <= r.rounds; round++ {
		for _, m := range r.models {
			if pts[m.name] == nil {
				pts[m.name], short[m.name] = rounds{}, map[float64]bool{}
			}
			for _, n := range r.answerN {
				if n > m.maxAnswer {
					continue
				}
				r.p.step(r.experiment, fmt.Sprintf("%s round %d", m.name, round), n)
				l, exit, err := r.once(m, caller.Fleet{N: n, MaxRinging: maxRinging,
					Timeout: time.Duration(n+5)*r.answerLookup + time.Minute},
					"-lookup", r.answerLookup.String())
				if err != nil {
					return err
				}
				s := l.report.Summary()
				r.harnessUsed(l.harnessShare(), m.name, n)
				r.p.done("%d answered, %d busy, %d failed in %v; harness %.0f%% "+
					"of a core, server %.0f%%, overflows %d, exit %d",
					s.Answered, s.Busy, s.Refused+s.Failed, s.Elapsed.Round(time.Millisecond),
					100*l.harnessShare(), 100*l.serverShare(), l.overflows, exit)
				inLookups := s.Elapsed.Seconds() / r.answerLookup.Seconds()
				rows = append(rows, []string{m.name, itoa(round), itoa(n),
					secs(r.answerLookup), secs(s.Elapsed), ftoa(inLookups),
					itoa(s.Answered), itoa(s.Busy),
					itoa(s.Refused + s.Failed), secs(s.Ringing.Max), secs(s.OnHold.Max),
					ftoa(l.harnessShare()), ftoa(l.serverShare()),
					fmt.Sprint(l.overflows)})
				if s.Answered == n {
					pts[m.name].add(float64(n), inLookups)
				} else {
					short[m.name][float64(n)] = true
				}
			}
		}
	}
	for _, m := range r.models {
		for x := range short[m.name] {
			delete(pts[m.name], x)
		}
		curve(p, m, pts[m.name])
		// Each line that ends early says why where it ends: offered no
		// more (and why not), or some caller not answered.
		var last float64
		for x := range pts[m.name] {
			last = max(last, x)
		}
		why := ""
		switch {
		case len(short[m.name]) > 0:
			why = "not all answered past here"
		case m.whyStop != "" && m.maxAnswer < r.answerN[len(r.answerN)-1]:
			why = m.whyStop
		}
		if why != "" && last > 0 {
			label, _ := plotter.NewLabels(plotter.XYLabels{
				XYs:    plotter.XYs{{X: last, Y: median(pts[m.name][last])}},
				Labels: []string{m.shown() + ": " + why},
			})
			for k := range label.TextStyle {
				label.TextStyle[k].Font.Size = smallPt
				label.TextStyle[k].XAlign = draw.XRight
			}
			label.Offset = vg.Point{X: -8, Y: 6}
			p.Add(unboxed{label})
		}
	}
	// One lookup is the least any model can take: the line it stands on.
	p.Y.Min = 0.9
	if err := r.writeCSV([]string{"model", "round", "n", "lookup_s", "elapsed_s",
		"elapsed_lookups", "answered", "busy", "failed", "ringing_max_s",
		"on_hold_max_s", "harness_cpu_share", "server_cpu_share",
		"listen_overflows"}, rows); err != nil {
		return err
	}
	return r.save(figure{
		title: fmt.Sprintf("Time to answer N callers who call at once (lookup %v)",
			r.answerLookup),
		sub: fmt.Sprintf("the median of %d rounds, whiskers from the least to "+
			"the most; drawn where every caller was answered in every round;\n"+
			"a line that ends early says why where it ends", r.rounds),
		panels: []*plot.Plot{p}, legend: modelLegend(r.models), h: 5.5 * vg.Inch})
}
