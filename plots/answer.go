package main

import (
	"fmt"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/holdtheline/holdtheline/workshop/caller"
)

// answerN is figure 1: how long it takes to answer N callers who call
// at once (ramped only as far as the backlog needs), the lookup fixed.
// Each N gets a fresh server.
func answerN(r *run) error {
	rows := [][]string{}
	p := panel("", "callers N", "time until the last one is answered (s)")
	logX(p)
	logY(p)
	for _, m := range r.models {
		var xys plotter.XYs
		for _, n := range r.answerN {
			if n > m.maxAnswer {
				continue
			}
			r.p.step(r.experiment, m.name, n)
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
			rows = append(rows, []string{m.name, itoa(n), secs(r.answerLookup),
				secs(s.Elapsed), itoa(s.Answered), itoa(s.Busy),
				itoa(s.Refused + s.Failed), secs(s.Ringing.Max), secs(s.OnHold.Max),
				ftoa(l.harnessShare()), ftoa(l.serverShare()),
				fmt.Sprint(l.overflows)})
			if s.Answered == n {
				xys = append(xys, plotter.XY{X: float64(n), Y: s.Elapsed.Seconds()})
			}
		}
		curve(p, m, xys)
	}
	if err := r.writeCSV([]string{"model", "n", "lookup_s", "elapsed_s",
		"answered", "busy", "failed", "ringing_max_s", "on_hold_max_s",
		"harness_cpu_share", "server_cpu_share", "listen_overflows"}, rows); err != nil {
		return err
	}
	return r.save(figure{
		title: fmt.Sprintf("Time to answer N callers who call at once "+
			"(lookup %v; drawn where every caller was answered)", r.answerLookup),
		panels: []*plot.Plot{p}, legend: modelLegend(r.models)})
}
