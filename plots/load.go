package main

import (
	"context"
	"sync"
	"time"

	"github.com/holdtheline/holdtheline/workshop/caller"
)

// maxRinging caps the callers dialled and not yet picked up, below the
// smallest listen backlog of the models (128), so a ramp never overflows
// a backlog unless an experiment means it to.
const maxRinging = 100

// A load is one fleet run against one server, with what the harness
// measured around it.
type load struct {
	report    caller.Report
	harness   time.Duration // CPU the harness (the fleet) used
	server    time.Duration // CPU the server used
	overflows int64         // ListenOverflows during the run
}

// harnessShare is the harness's CPU over the run as a share of one
// core: near 1 would mean the callers, not the server, set the pace.
func (l load) harnessShare() float64 {
	if l.report.Elapsed <= 0 {
		return 0
	}
	return l.harness.Seconds() / l.report.Elapsed.Seconds()
}

func (l load) serverShare() float64 {
	if l.report.Elapsed <= 0 {
		return 0
	}
	return l.server.Seconds() / l.report.Elapsed.Seconds()
}

// fleetRun runs f against s from this process, showing its progress,
// and keeps the latest count where watch can see it while it runs.
type fleetRun struct {
	mu     sync.Mutex
	latest caller.Progress
	done   chan load
}

func runFleet(ctx context.Context, s *server, f caller.Fleet,
	p *progress) *fleetRun {
	r := &fleetRun{done: make(chan load, 1)}
	f.Addr = s.addr
	f.Progress = func(pr caller.Progress) {
		r.mu.Lock()
		r.latest = pr
		r.mu.Unlock()
		p.callers(pr.Done, f.N)
	}
	go func() {
		over, cpu, scpu := listenOverflows(), selfCPU(), s.cpu()
		rep := f.Run(ctx)
		r.done <- load{report: rep, harness: selfCPU() - cpu,
			server: s.cpu() - scpu, overflows: listenOverflows() - over}
	}()
	return r
}

func (r *fleetRun) now() caller.Progress {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.latest
}

func (r *fleetRun) wait() load { return <-r.done }

// drive runs f against s to the end.
func drive(s *server, f caller.Fleet, p *progress) load {
	return runFleet(context.Background(), s, f, p).wait()
}

// serve starts m's binary with its own flags and then extra.
func (r *run) serve(m model, args []string, extra ...string) (*server, error) {
	return start(launch{bin: r.bins[m.dir],
		args: append(append([]string{}, args...), extra...)})
}

// once starts m, drives f against it to the end, and stops it with
// SIGTERM; it returns the exit status too.
func (r *run) once(m model, f caller.Fleet, extra ...string) (load, int, error) {
	s, err := r.serve(m, m.args, extra...)
	if err != nil {
		return load{}, 0, err
	}
	l := drive(s, f, r.p)
	return l, s.stop(10 * time.Second), nil
}
