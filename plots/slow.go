package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/holdtheline/holdtheline/workshop/caller"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// slowCallers is figure 5: S slow callers dial first and trickle their
// question a byte at a time, never finishing; then normal callers ask
// at once. What share of the normal callers is answered on time?
func slowCallers(r *run) error {
	rows := [][]string{}
	p := panel("", "slow callers on the line (categories, spaced evenly)",
		fmt.Sprintf("normal callers answered within %v (%%)", r.slowPatience))
	var ticks []plot.Tick
	for i, n := range r.slowS {
		ticks = append(ticks, plot.Tick{Value: float64(i), Label: itoa(n)})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Min, p.X.Max = -0.3, float64(len(r.slowS))-0.7
	p.Y.Min, p.Y.Max = -5, 105
	pts := map[string]rounds{}
	for round := 1; round <= r.rounds; round++ {
		for _, m := range r.models {
			if pts[m.name] == nil {
				pts[m.name] = rounds{}
			}
			for x, slow := range r.slowS {
				r.p.step(r.experiment, fmt.Sprintf("%s round %d", m.name, round), slow)
				onTime, answered, err := r.amongSlow(m, slow)
				if err != nil {
					return err
				}
				share := 100 * float64(onTime) / float64(r.slowNormal)
				r.p.done("%d of %d normal callers on time (%d answered at all)",
					onTime, r.slowNormal, answered)
				rows = append(rows, []string{m.name, itoa(round), itoa(slow),
					itoa(r.slowNormal), itoa(onTime), itoa(answered), ftoa(share)})
				pts[m.name].add(float64(x), share)
			}
		}
	}
	// Models that score the same would hide each other's line: each is
	// moved up or down by a step of its own, and the subtitle says by
	// how much at most.
	const step = 0.6
	most := step * float64(len(r.models)-1) / 2
	for i, m := range r.models {
		curveStep(p, m, pts[m.name], plotter.MidStep,
			step*float64(i)-most)
	}
	if err := r.writeCSV([]string{"model", "round", "slow", "normal", "on_time",
		"answered", "on_time_pct"}, rows); err != nil {
		return err
	}
	return r.save(figure{
		title: fmt.Sprintf("Slow callers: a byte every %v, idle timeout %v",
			r.slowEvery, r.slowIdle),
		sub: fmt.Sprintf("%d normal callers ask once the slow ones are picked up "+
			"(lookup %v); the median of %d rounds\nto keep equal lines apart, each "+
			"model is drawn moved by up to ±%.1f points (0%% is drawn between "+
			"%.1f and %.1f)", r.slowNormal, r.slowLookup, r.rounds, most, -most, most),
		panels: []*plot.Plot{p}, legend: modelLegend(r.models)})
}

// amongSlow puts slow slow callers on m, then the normal callers, and
// counts the normal callers answered within the patience.
func (r *run) amongSlow(m model, slow int) (onTime, answered int, err error) {
	s, err := r.serve(m, m.args, "-lookup", r.slowLookup.String(),
		"-idle", r.slowIdle.String(), "-grace", "100ms")
	if err != nil {
		return 0, 0, err
	}
	defer s.stop(10 * time.Second)
	ctx, hangUp := context.WithCancel(context.Background())
	var trickling sync.WaitGroup
	pickedUp := make(chan struct{}, slow)
	for i := range slow {
		trickling.Go(func() { trickle(ctx, s.addr, i, r.slowEvery, pickedUp) })
	}
	// The normal callers come once the slow ones are picked up (those
	// a model can pick up: 01 picks up one), well inside the idle
	// timeout that would free the operators they hold.
	wait := time.After(r.slowIdle / 4)
	for range slow {
		select {
		case <-pickedUp:
			continue
		case <-wait:
		}
		break
	}
	l := drive(s, caller.Fleet{N: r.slowNormal,
		Timeout: r.slowPatience + 500*time.Millisecond}, r.p)
	hangUp()
	trickling.Wait()
	r.harnessUsed(l.harnessShare(), m.name, slow)
	for _, c := range l.report.Calls {
		if c.Outcome() == caller.Answered {
			answered++
			if c.Answered.Sub(c.Dialed) <= r.slowPatience {
				onTime++
			}
		}
	}
	return onTime, answered, nil
}

// trickle is one slow caller (Slowloris): it dials, waits for the
// greeting, then says a long name one byte every every, until the
// operator hangs up or ctx ends the run.
func trickle(ctx context.Context, addr string, i int, every time.Duration,
	pickedUp chan<- struct{}) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	greeting, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || greeting != phone.Greeting {
		return // busy, or the run is over
	}
	pickedUp <- struct{}{}
	name := strings.Repeat(fmt.Sprintf("slow caller %d ", i), 20)
	for j := 0; j < len(name); j++ {
		if _, err := conn.Write([]byte{name[j]}); err != nil {
			return
		}
		select {
		case <-time.After(every):
		case <-ctx.Done():
			return
		}
	}
}
