package main

import (
	"context"
	"fmt"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/holdtheline/holdtheline/workshop/caller"
)

// holdLookup is longer than any ramp: every caller picked up is still
// on hold when the server is measured. The callers then hang up.
const holdLookup = 10 * time.Minute

// holdN is figure 2: N callers on the line at once, the server's RSS
// and its OS threads, against the same server idle just before.
//
// Memory a held call is (RSS(N) - RSS(0)) / calls held: RSS(0) is the
// median of several readings of the idle server, and calls held are
// the calls on hold, picked up and not yet answered. Callers ringing
// in the kernel's backlog are not held: RSS does not count what they
// cost, so dividing by them would make 01 and 03 look cheap.
func holdN(r *run) error {
	rows := [][]string{}
	mem := panel("Memory a held call", "calls held",
		"(RSS(N) − RSS(0)) / calls held (KiB)")
	threads := panel("OS threads", "calls held", "threads of the server")
	for _, p := range []*plot.Plot{mem, threads} {
		logX(p)
		logY(p)
	}
	perCall, thr, heldAt := map[string]rounds{}, map[string]rounds{},
		map[string]rounds{}
	for round := 1; round <= r.rounds; round++ {
		for _, m := range r.models {
			if perCall[m.name] == nil {
				perCall[m.name], thr[m.name], heldAt[m.name] = rounds{}, rounds{}, rounds{}
			}
			for _, n := range r.holdN {
				if n > m.maxHold {
					continue
				}
				r.p.step(r.experiment, fmt.Sprintf("%s round %d", m.name, round), n)
				h, err := r.hold(m, n)
				if err != nil {
					return err
				}
				r.harnessUsed(h.harnessShare, m.name, n)
				r.p.done("%d on hold, %d ringing, %d busy: RSS %.1f MiB "+
					"(idle %.1f MiB), %d threads; harness %.0f%% of a core, "+
					"overflows %d", h.held, h.ringing, h.busy, mib(h.rss),
					mib(h.rss0), h.threads, 100*h.harnessShare, h.overflows)
				per := 0.0
				if h.held > 0 {
					per = float64(h.rss-h.rss0) / float64(h.held) / 1024
					perCall[m.name].add(float64(n), per)
					thr[m.name].add(float64(n), float64(h.threads))
					heldAt[m.name].add(float64(n), float64(h.held))
				}
				rows = append(rows, []string{m.name, itoa(round), itoa(n), itoa(h.held),
					itoa(h.ringing), itoa(h.busy), fmt.Sprint(h.rss0),
					fmt.Sprint(h.rss), ftoa(per), itoa(h.threads0), itoa(h.threads),
					ftoa(h.harnessShare), fmt.Sprint(h.overflows)})
			}
		}
	}
	for _, m := range r.models {
		curve(mem, m, atMedian(perCall[m.name], heldAt[m.name]))
		curve(threads, m, atMedian(thr[m.name], heldAt[m.name]))
	}
	if err := r.writeCSV([]string{"model", "round", "n", "on_hold", "ringing", "busy",
		"rss0_bytes", "rss_bytes", "kib_per_held_call", "threads0", "threads",
		"harness_cpu_share", "listen_overflows"}, rows); err != nil {
		return err
	}
	return r.save(figure{
		title: "Calls held at once: server memory and OS threads",
		sub: fmt.Sprintf("the median of %d rounds, whiskers from the least to the "+
			"most; 01 holds one call and 03 one per worker,\nthe rest ring in the "+
			"kernel's backlog, which RSS does not count; 02 holds at most "+
			"its -max-calls (5,000)", r.rounds),
		panels: []*plot.Plot{mem, threads}, cols: 2,
		legend: modelLegend(r.models), h: 4.5 * vg.Inch})
}

// atMedian moves each point, measured at N offered, to the median of
// the calls held there.
func atMedian(ys, xs rounds) rounds {
	out := rounds{}
	for n, v := range ys {
		out[median(xs[n])] = v
	}
	return out
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
	// RSS(0) moves by tens of KiB between readings of an idle server
	// (the runtime's background work): the median of several.
	var h held
	var idle []float64
	for range 5 {
		time.Sleep(100 * time.Millisecond)
		rss, threads, err := s.memory()
		if err != nil {
			return held{}, s.gone(m, n, err)
		}
		idle = append(idle, float64(rss))
		h.threads0 = threads
	}
	h.rss0 = int64(median(idle))

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
			return held{}, s.gone(m, n, err)
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

// gone says why a server could not be read: most likely it exited,
// and its status and standard error say why.
func (s *server) gone(m model, n int, err error) error {
	select {
	case <-s.exited:
		return fmt.Errorf("%s, N=%d: the server exited (%v): %v; its stderr:\n%s",
			m.name, n, s.status, err, s.stderr)
	case <-time.After(time.Second):
		return fmt.Errorf("%s, N=%d: %v", m.name, n, err)
	}
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }
