package main

import (
	"fmt"
	"slices"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// A layout is where figure 7 runs the server and the fleet.
type layout struct {
	name        string
	serverCPUs  string   // taskset list; "" for any
	serverEnv   []string // GOMAXPROCS to match
	fleetCPUs   string
	fleetEnvMax string
}

var layouts = []layout{
	{"one core each", "0", []string{"GOMAXPROCS=1"}, "1", "GOMAXPROCS=1"},
	{"two cores, shared", "", nil, "", ""},
}

// shortCalls is figure 7: calls with no lookup (connect, greet, ask,
// answer, hang up) per second. The fleet runs as a process of its own:
// with the server pinned to core 0 and the fleet to core 1, the fleet's
// CPU share shows whether it, not the server, set the pace.
func shortCalls(r *run) error {
	ms := r.having(func(m model) bool { return m.shortCalls })
	rows := [][]string{}
	p := panel("Per second of the clock", "", "calls answered per second")
	q := panel("Per second of the server's CPU", "",
		"calls answered per CPU-second of the server")
	var legend plot.Legend = plot.NewLegend()
	width := vg.Points(22)
	for i, m := range ms {
		var medians, perCPU plotter.Values
		for _, lay := range layouts {
			var rates, cpuRates []float64
			for rep := range r.shortRepeats {
				r.p.step(r.experiment, m.name+" "+lay.name, r.shortCalls)
				res, err := r.shortRun(m, lay)
				if err != nil {
					return err
				}
				rate := float64(res.Answered) / res.Elapsed.Seconds()
				r.harnessUsed(res.fleetShare(), m.name+", "+lay.name+", the fleet process", r.shortCalls)
				rates = append(rates, rate)
				cpuRate := rate / max(res.serverShare, 0.001)
				cpuRates = append(cpuRates, cpuRate)
				r.p.done("%.0f calls/s (%d answered, %d not); server %.0f%% "+
					"of a core, fleet %.0f%%", rate, res.Answered, res.Other,
					100*res.serverShare, 100*res.fleetShare())
				rows = append(rows, []string{m.name, lay.name, itoa(rep + 1),
					itoa(r.shortCalls), itoa(res.Answered), secs(res.Elapsed),
					ftoa(rate), ftoa(cpuRate), ftoa(res.serverShare),
					ftoa(res.fleetShare())})
			}
			medians = append(medians, median(rates))
			perCPU = append(perCPU, median(cpuRates))
		}
		for _, pv := range []struct {
			p  *plot.Plot
			vs plotter.Values
		}{{p, medians}, {q, perCPU}} {
			bars, err := plotter.NewBarChart(pv.vs, width)
			if err != nil {
				return err
			}
			bars.Color = m.color
			bars.LineStyle.Width = 0
			bars.Offset = width * vg.Length(2*i-len(ms)+1) / 2
			pv.p.Add(bars)
		}
		legend.Add(m.name, swatch{m.color})
	}
	var names []string
	for _, lay := range layouts {
		names = append(names, lay.name)
	}
	for _, p := range []*plot.Plot{p, q} {
		p.NominalX(names...)
		p.Y.Min = 0
		p.Y.Max *= 1.1 // room above the tallest bar
	}
	if err := r.writeCSV([]string{"model", "layout", "repeat", "calls",
		"answered", "elapsed_s", "calls_per_s", "calls_per_server_cpu_s",
		"server_cpu_share",
		"fleet_cpu_share"}, rows); err != nil {
		return err
	}
	return r.save(figure{
		title: fmt.Sprintf("Short calls, no lookup: %d calls, at most %d "+
			"ringing (the median of %d runs)", r.shortCalls, maxRinging,
			r.shortRepeats),
		sub: "one core each: the server on CPU 0 (GOMAXPROCS=1), the fleet " +
			"process on CPU 1; on a shared machine, per CPU-second is the steadier",
		panels: []*plot.Plot{p, q}, cols: 2, legend: &legend,
		w: 11 * vg.Inch, h: 5 * vg.Inch})
}

func median(xs []float64) float64 {
	xs = slices.Clone(xs)
	slices.Sort(xs)
	return xs[len(xs)/2]
}

// shortRun starts m as lay says, runs a fleet process against it, and
// stops it.
func (r *run) shortRun(m model, lay layout) (fleetResult, error) {
	s, err := start(launch{bin: r.bins[m.dir],
		args: append(append([]string{}, m.args...), "-lookup", "0s"),
		cpus: lay.serverCPUs, env: lay.serverEnv})
	if err != nil {
		return fleetResult{}, err
	}
	defer s.stop(10 * time.Second)
	before := s.cpu()
	res, err := fleetProcess(fleetArgs{addr: s.addr, n: r.shortCalls,
		ringing: maxRinging, timeout: 30 * time.Second},
		lay.fleetCPUs, lay.fleetEnvMax)
	if err != nil {
		return fleetResult{}, err
	}
	res.serverShare = (s.cpu() - before).Seconds() / res.Elapsed.Seconds()
	return res, nil
}
