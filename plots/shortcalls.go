package main

import (
	"fmt"
	"time"

	"gonum.org/v1/plot"
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
		"calls per CPU-second of the server")
	clock, perCPU := map[string]rounds{}, map[string]rounds{}
	// The fleet is one process on one core: when it is near 100% of
	// it, the clock column measures the fleet, not the server.
	var fleetMost float64
	for round := 1; round <= r.rounds; round++ {
		for k, m := range ms {
			if clock[m.name] == nil {
				clock[m.name], perCPU[m.name] = rounds{}, rounds{}
			}
			for l, lay := range layouts {
				r.p.step(r.experiment, fmt.Sprintf("%s %s round %d", m.name,
					lay.name, round), r.shortCalls)
				res, err := r.shortRun(m, lay)
				if err != nil {
					return err
				}
				rate := float64(res.Answered) / res.Elapsed.Seconds()
				fleetMost = max(fleetMost, res.fleetShare())
				r.harnessUsed(res.fleetShare(), m.name+", "+lay.name+", the fleet process", r.shortCalls)
				cpuRate := float64(res.Answered) / max(res.serverCPU.Seconds(), 1e-6)
				// Each model a little to the side of the layout's place,
				// so the whiskers do not cover each other.
				x := float64(l) + 0.15*(float64(k)-float64(len(ms)-1)/2)
				clock[m.name].add(x, rate)
				perCPU[m.name].add(x, cpuRate)
				r.p.done("%.0f calls/s (%d answered, %d not); server %.0f%% "+
					"of a core, fleet %.0f%%", rate, res.Answered, res.Other,
					100*res.serverShare(), 100*res.fleetShare())
				rows = append(rows, []string{m.name, lay.name, itoa(round),
					itoa(r.shortCalls), itoa(res.Answered), secs(res.Elapsed),
					ftoa(rate), ftoa(cpuRate), fmt.Sprint(int64(res.serverCPU)),
					ftoa(res.serverShare()), ftoa(res.fleetShare())})
			}
		}
	}
	var names []string
	for _, lay := range layouts {
		names = append(names, lay.name)
	}
	for _, m := range ms {
		curveStep(p, m, clock[m.name], noLine, 0)
		curveStep(q, m, perCPU[m.name], noLine, 0)
	}
	for _, p := range []*plot.Plot{p, q} {
		p.NominalX(names...)
		p.X.Min, p.X.Max = -0.5, float64(len(names))-0.5
		p.Y.Min = 0
		p.Y.Max *= 1.1 // room above the highest whisker
	}
	if err := r.writeCSV([]string{"model", "layout", "round", "calls",
		"answered", "elapsed_s", "calls_per_s", "calls_per_server_cpu_s",
		"server_cpu_ns", "server_cpu_share", "fleet_cpu_share"}, rows); err != nil {
		return err
	}
	return r.save(figure{
		title: fmt.Sprintf("Short calls, no lookup: %d calls, at most %d "+
			"ringing", r.shortCalls, maxRinging),
		sub: fmt.Sprintf("the median of %d rounds, whiskers from the least to "+
			"the most; server CPU from schedstat, in ns\none core each: the server "+
			"on CPU 0 (GOMAXPROCS=1), the fleet process on CPU 1\nthe fleet used "+
			"up to %.0f%% of a core: near 100%%, the clock measures the fleet, "+
			"not the server", r.rounds, 100*fleetMost),
		panels: []*plot.Plot{p, q}, cols: 2, legend: modelLegend(ms),
		h: 4.5 * vg.Inch})
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
	res.serverCPU = s.cpu() - before
	return res, nil
}
