package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/holdtheline/holdtheline/workshop/caller"
)

// cpuBound is figure 8: chapter 08's strategies answering callers
// whose every lookup is 20 ms of CPU, with 1 core and with 2
// (GOMAXPROCS and -n), as calls answered a second: the median of the
// rounds, and the lowest and highest as a bar.
func cpuBound(r *run) error {
	var m model
	for _, x := range r.models {
		if x.dir == "08-cpu-bound" {
			m = x
		}
	}
	if m.dir == "" {
		return nil // not in this checkout, or not chosen
	}
	callers, rounds, work := 40, r.rounds, "20ms"
	if r.sizes.rounds == quickSizes.rounds {
		callers, work = 8, "2ms"
	}
	pages, err := calibrate(r.bins[m.dir], work)
	if err != nil {
		return err
	}
	strategies := []string{"inline", "offload", "percore", "procs",
		"goroutines"}
	p := panel("", "strategy", "calls answered per second")
	p.NominalX(strategies...)
	p.Y.Min = 0
	var legend plot.Legend = plot.NewLegend()
	rows := [][]string{}
	for _, cores := range []int{1, 2} {
		var pts plotter.XYs
		var bars plotter.YErrors
		for i, s := range strategies {
			var rates []float64
			for round := range rounds {
				r.p.step(r.experiment, fmt.Sprintf("%s %d core(s)", s, cores),
					callers)
				srv, err := start(launch{bin: r.bins[m.dir],
					args: []string{"-strategy", s, "-n", itoa(cores),
						"-lookup", "0s", "-work", work, "-pages", pages},
					env: []string{"GOMAXPROCS=" + itoa(cores)}})
				if err != nil {
					return err
				}
				ctx, cancel := context.WithTimeout(context.Background(),
					2*time.Minute)
				rep := caller.Fleet{Addr: srv.addr, N: callers,
					Name: func(i int) string { return fmt.Sprintf("caller-%d", i) },
				}.Run(ctx)
				cancel()
				srv.stop(10 * time.Second)
				sum := rep.Summary()
				if sum.Answered != callers {
					return fmt.Errorf("%s: %d of %d answered", s,
						sum.Answered, callers)
				}
				rate := float64(callers) / rep.Elapsed.Seconds()
				r.p.done("%.1f calls/s", rate)
				rates = append(rates, rate)
				rows = append(rows, []string{s, itoa(cores), itoa(round + 1),
					itoa(callers), work, ftoa(rate), loadAverage()})
			}
			sp := spreadOf(rates)
			x := float64(i) + 0.12*float64(2*cores-3)
			pts = append(pts, plotter.XY{X: x, Y: sp.med})
			bars = append(bars, struct{ Low, High float64 }{sp.med - sp.lo, sp.hi - sp.med})
		}
		glyph := draw.GlyphStyle{Color: m.color, Radius: vg.Points(3.5),
			Shape: downTriangleGlyph{filled: cores == 2}}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return err
		}
		sc.GlyphStyle = glyph
		eb := &plotter.YErrorBars{XYs: pts, YErrors: bars,
			LineStyle: draw.LineStyle{Color: m.color, Width: vg.Points(1)},
			CapWidth:  vg.Points(6)}
		p.Add(eb, sc)
		legend.Add(fmt.Sprintf("%d core%s", cores, map[bool]string{true: "s"}[cores > 1]), sc)
	}
	if err := r.writeCSV([]string{"strategy", "cores", "round", "callers",
		"work", "calls_per_s", "load1"}, rows); err != nil {
		return err
	}
	return r.save(figure{
		title: fmt.Sprintf("%d callers at once, each lookup %s of CPU: "+
			"calls answered per second", callers, work),
		sub: m.name + ": the median and the lowest and highest of the " +
			"rounds; a second core helps only when the machine has it free",
		panels: []*plot.Plot{p}, legend: &legend})
}

var pagesSaid = regexp.MustCompile(`work \S+ = (\d+) pages`)

// calibrate asks chapter 08's binary how many pages make work on this
// machine, once, so that every server of the figure reads the same.
func calibrate(bin, work string) (string, error) {
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-work", work)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", err
	}
	if err := cmd.Start(); err != nil {
		return "", err
	}
	defer cmd.Wait()
	defer cmd.Process.Signal(os.Interrupt)
	line, _ := bufio.NewReader(out).ReadString('\n')
	m := pagesSaid.FindStringSubmatch(line)
	if m == nil {
		return "", fmt.Errorf("08-cpu-bound: no pages in %q", line)
	}
	return m[1], nil
}
