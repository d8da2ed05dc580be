package main

import (
	"fmt"
	"image/color"
	"slices"
	"strings"
	"sync"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/holdtheline/holdtheline/workshop/caller"
)

// capacity is figure 6: with its open-file limit set to capacityFDs,
// each model is offered more callers than it can hold, ramped, with a
// lookup longer than the ramp, by fleet processes of their own (one
// process could not hold the calls of a server at the machine's limit). Its capacity is the most calls it held
// on hold at the same moment, counting only calls that were answered.
func capacity(r *run) error {
	rows := [][]string{}
	p := panel("", "", "most calls on hold at once, all answered")
	logY(p)
	// The limit first, so the models that reach it are drawn over it.
	limit := plotter.NewFunction(func(float64) float64 { return float64(r.capacityFDs) })
	limit.LineStyle.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	limit.LineStyle.Color = color.Gray{0x66}
	p.Add(limit)
	held := map[string][]float64{}
	for round := 1; round <= r.rounds; round++ {
		for _, m := range r.models {
			// A few more callers than the fd limit allows, or the model's
			// own offer where its wall is lower (select's at fd 1024).
			offer := int(r.capacityFDs) + 100
			if m.capacityOffer > 0 {
				offer = min(offer, m.capacityOffer)
			}
			r.p.step(r.experiment, fmt.Sprintf("%s round %d", m.name, round), offer)
			ramp := time.Duration(float64(offer) / r.capacityRate * float64(time.Second))
			// Three times the ramp: a loaded machine dials slower than
			// the rate says (twice was not enough at a load average of
			// 20), and the first caller must still be on hold when the
			// last one is picked up.
			lookup := 3*ramp + r.capacitySlack
			s, err := r.serve(m, m.args, "-lookup", lookup.String())
			if err != nil {
				return err
			}
			if err := s.setFDLimit(r.capacityFDs); err != nil {
				s.kill()
				return fmt.Errorf("%s: setting its fd limit: %v", m.name, err)
			}
			f, err := fleetProcesses(s, offer, r.capacityRate, 3*lookup+30*time.Second)
			exit := s.stop(10 * time.Second)
			if err != nil {
				return fmt.Errorf("%s: %v", m.name, err)
			}
			most := mostHeld(f.calls, lookup/trimShare)
			held[m.name] = append(held[m.name], float64(most))
			r.harnessUsed(f.share, m.name+", the fleet processes", offer)
			r.p.done("held %d at once; %d answered, %d busy, %d failed; %d fleet "+
				"processes used %.0f%% of a core, overflows %d, exit %d", most,
				f.answered, f.busy, f.other, f.processes, 100*f.share,
				f.overflows, exit)
			rows = append(rows, []string{m.name, itoa(round), fmt.Sprint(r.capacityFDs),
				itoa(offer), itoa(most), itoa(f.answered), itoa(f.busy),
				itoa(f.other), secs(lookup), itoa(f.processes), ftoa(f.share),
				fmt.Sprint(f.overflows)})
		}
	}
	var names []string
	for i, m := range r.models {
		vals := held[m.name]
		for j := range vals {
			vals[j] = max(vals[j], 1) // a log axis cannot show 0
		}
		curve(p, m, rounds{float64(i): vals})
		text := itoa(int(median(vals)))
		if m.capacitySetting != "" && median(vals) >= 0.95*float64(m.capacityCap) {
			// Not a wall the model hit: the number it was told.
			text += " = its " + m.capacitySetting
		}
		label, _ := plotter.NewLabels(plotter.XYLabels{
			XYs:    plotter.XYs{{X: float64(i), Y: median(vals)}},
			Labels: []string{text},
		})
		for k := range label.TextStyle {
			label.TextStyle[k].XAlign = draw.XCenter
			label.TextStyle[k].Font.Size = smallPt
		}
		label.Offset = vg.Point{Y: 8}
		p.Add(label)
		names = append(names, m.shown())
	}
	p.NominalX(names...)
	p.X.Tick.Label.Rotation = 0.5
	p.X.Tick.Label.XAlign = draw.XRight
	p.X.Min, p.X.Max = -0.5, float64(len(names))-0.5
	p.Y.Min, p.Y.Max = 0.5, float64(r.capacityFDs)*4
	if err := r.writeCSV([]string{"model", "round", "fd_limit", "offered", "most_held",
		"answered", "busy", "failed", "lookup_s", "fleet_processes",
		"fleet_cpu_share",
		"listen_overflows"}, rows); err != nil {
		return err
	}
	legend := modelLegend(r.models)
	legend.Add(fmt.Sprintf("fd limit %d", r.capacityFDs), limit)
	return r.save(figure{
		title: fmt.Sprintf("Capacity: the most calls held at once "+
			"(server fd limit %d)", r.capacityFDs),
		sub: fmt.Sprintf("the median of %d rounds, whiskers from the least "+
			"to the most; answered calls only, each counted as held\nfrom 1/%d "+
			"of a lookup after its pick-up to 1/%d before its answer "+
			"(callers stamp a little late)\n%s",
			r.rounds, trimShare, trimShare, fewerOffered(r.models)),
		panels: []*plot.Plot{p}, legend: legend})
}

// fewerOffered says which models were offered fewer callers than the
// fd limit, and how many.
func fewerOffered(ms []model) string {
	var b strings.Builder
	for _, m := range ms {
		if m.capacityOffer > 0 {
			if b.Len() > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s offered %d", m.shown(), m.capacityOffer)
		}
	}
	return b.String()
}

// trimShare: mostHeld trims lookup/trimShare from each end of a hold.
const trimShare = 10

// callsPerFleet is how many calls one fleet process makes at most: a
// process holds an fd per call, and every process here has the same
// open-file limit as the server at its largest (20,000 on this
// machine), so several processes share a fleet that fills it.
const callsPerFleet = 8000

// fleetLoad is what the fleet processes of one capacity point saw.
type fleetLoad struct {
	processes             int
	answered, busy, other int
	calls                 []caller.Call // the answered ones
	share                 float64       // their CPU, as a share of one core
	overflows             int64
}

// fleetProcesses offers n callers to s from as many fleet processes as
// n needs, together dialling rate callers a second with at most
// maxRinging ringing, and gathers what they saw.
func fleetProcesses(s *server, n int, rate float64, timeout time.Duration) (fleetLoad, error) {
	k := (n + callsPerFleet - 1) / callsPerFleet
	results := make([]fleetResult, k)
	errs := make([]error, k)
	over := listenOverflows()
	var wg sync.WaitGroup
	for i := range k {
		share := n / k
		if i < n%k {
			share++
		}
		wg.Go(func() {
			results[i], errs[i] = fleetProcess(fleetArgs{addr: s.addr, n: share,
				rate: rate / float64(k), ringing: max(maxRinging/k, 1),
				timeout: timeout, calls: true}, "", "")
		})
	}
	wg.Wait()
	f := fleetLoad{processes: k, overflows: listenOverflows() - over}
	var cpu, elapsed time.Duration
	for i, res := range results {
		if errs[i] != nil {
			return fleetLoad{}, errs[i]
		}
		f.answered += res.Answered
		f.busy += res.Busy
		f.other += res.Other
		f.calls = append(f.calls, res.answered()...)
		cpu += res.CPU
		elapsed = max(elapsed, res.Elapsed)
	}
	f.share = cpu.Seconds() / elapsed.Seconds()
	return f, nil
}

// mostHeld is the most answered calls that were on hold at one moment:
// a sweep over each call's pick-up and answer. The callers stamp an
// instant after they read, a little late, so a call answered just as
// the next is picked up could seem to overlap it: each hold is trimmed
// by slack at both ends.
func mostHeld(calls []caller.Call, slack time.Duration) int {
	type edge struct {
		at   time.Time
		step int
	}
	var edges []edge
	for _, c := range calls {
		if c.Outcome() != caller.Answered {
			continue
		}
		from, to := c.PickedUp.Add(slack), c.Answered.Add(-slack)
		if from.Before(to) {
			edges = append(edges, edge{from, +1}, edge{to, -1})
		}
	}
	// At the same instant, answers go first: that call is no longer held.
	slices.SortFunc(edges, func(a, b edge) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return a.step - b.step
	})
	most, now := 0, 0
	for _, e := range edges {
		now += e.step
		most = max(most, now)
	}
	return most
}
