package main

import (
	"context"
	"fmt"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/holdtheline/holdtheline/workshop/caller"
)

// holdLookup is longer than any ramp: every caller picked up is still
// on hold when the server is measured. The callers then hang up.
const holdLookup = 10 * time.Minute

// holdN is figure 2: N callers on hold at once, the server's RSS and
// its OS threads, against an idle server's RSS(0) just before.
// Memory per held call is (RSS(N) - RSS(0)) / held.
func holdN(r *run) error {
	rows := [][]string{}
	mem := panel("Server memory per caller", "callers on the line N",
		"(RSS(N) - RSS(0)) / N  (KiB)")
	threads := panel("OS threads", "callers on the line N", "threads of the server")
	for _, p := range []*plot.Plot{mem, threads} {
		logX(p)
		logY(p)
	}
	for _, m := range r.models {
		var perCall, thr plotter.XYs
		for _, n := range r.holdN {
			if n > m.maxHold {
				continue
			}
			r.p.step(r.experiment, m.name, n)
			h, err := r.hold(m, n)
			if err != nil {
				return err
			}
			r.harnessUsed(h.harnessShare, m.name, n)
			r.p.done("%d on hold, %d ringing, %d busy: RSS %.1f MiB "+
				"(idle %.1f MiB), %d threads; harness %.0f%% of a core, "+
				"overflows %d", h.held, h.ringing, h.busy, mib(h.rss),
				mib(h.rss0), h.threads, 100*h.harnessShare, h.overflows)
			// On the line: on hold, or ringing in the backlog or the
			// pool's queue; busy callers have hung up.
			on := h.held + h.ringing
			per := 0.0
			if on > 0 {
				per = float64(h.rss-h.rss0) / float64(on) / 1024
				perCall = append(perCall, plotter.XY{X: float64(on), Y: per})
				thr = append(thr, plotter.XY{X: float64(on), Y: float64(h.threads)})
			}
			rows = append(rows, []string{m.name, itoa(n), itoa(h.held),
				itoa(h.ringing), itoa(h.busy), fmt.Sprint(h.rss0),
				fmt.Sprint(h.rss), ftoa(per), itoa(h.threads0), itoa(h.threads),
				ftoa(h.harnessShare), fmt.Sprint(h.overflows)})
		}
		curve(mem, m, perCall)
		curve(threads, m, thr)
	}
	if err := r.writeCSV([]string{"model", "n", "on_hold", "ringing", "busy",
		"rss0_bytes", "rss_bytes", "kib_per_caller_on_the_line", "threads0", "threads",
		"harness_cpu_share", "listen_overflows"}, rows); err != nil {
		return err
	}
	return r.save(figure{
		title: "N callers on the line at once: server memory and OS threads",
		sub: "every caller is on hold where the model can hold them; 01 holds " +
			"one and 03 its workers, the rest ring in the kernel, which RSS does not count",
		panels: []*plot.Plot{mem, threads}, cols: 2,
		legend: modelLegend(r.models), w: 11 * vg.Inch, h: 5 * vg.Inch})
}

// held is what one server looked like with callers on hold.
type held struct {
	held, ringing, busy int
	rss0, rss           int64
	threads0, threads   int
	harnessShare        float64
	overflows           int64
}

// hold starts m, measures it idle, puts n callers on the line, waits
// until the count stops changing, and measures it again.
func (r *run) hold(m model, n int) (held, error) {
	s, err := r.serve(m, m.args, "-lookup", holdLookup.String(),
		"-grace", "100ms")
	if err != nil {
		return held{}, err
	}
	defer s.stop(10 * time.Second) // calls are cut: exit 1 is expected
	time.Sleep(200 * time.Millisecond)
	var h held
	h.rss0, h.threads0, _ = s.memory()

	ctx, hangUp := context.WithCancel(context.Background())
	defer hangUp()
	over, cpu, began := listenOverflows(), selfCPU(), time.Now()
	f := runFleet(ctx, s, caller.Fleet{N: n, MaxRinging: maxRinging,
		Timeout: holdLookup}, r.p)

	// Settled: every caller dialled, and the count on hold unchanged
	// for half a second (01 and 03 keep callers ringing for good).
	last, since := -1, time.Now()
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond)
		pr := f.now()
		if pr.OnHold != last {
			last, since = pr.OnHold, time.Now()
			continue
		}
		if pr.Started == n && time.Since(since) >= 500*time.Millisecond {
			break
		}
	}
	// The most of three readings: RSS lags the calls a little.
	for range 3 {
		rss, threads, err := s.memory()
		if err != nil {
			return held{}, err
		}
		h.rss, h.threads = max(h.rss, rss), max(h.threads, threads)
		time.Sleep(100 * time.Millisecond)
	}
	pr := f.now()
	h.held, h.ringing, h.busy = pr.OnHold, pr.Ringing, pr.Busy
	h.harnessShare = (selfCPU() - cpu).Seconds() / time.Since(began).Seconds()
	h.overflows = listenOverflows() - over
	hangUp()
	f.wait()
	return h, nil
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }
