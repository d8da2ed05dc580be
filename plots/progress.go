package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// progress shows where a long run is: the experiment, the model, N,
// the time the step has taken and a bar of the callers done. On a
// terminal it redraws one line; elsewhere (CI, a log) it prints one
// line per finished step.
type progress struct {
	mu       sync.Mutex
	w        io.Writer
	terminal bool
	began    time.Time

	experiment, model string
	n                 int
	stepBegan         time.Time
}

func newProgress(w *os.File) *progress {
	fi, err := w.Stat()
	return &progress{w: w, began: time.Now(),
		terminal: err == nil && fi.Mode()&os.ModeCharDevice != 0}
}

// step starts a step of the run.
func (p *progress) step(experiment, model string, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.experiment, p.model, p.n = experiment, model, n
	p.stepBegan = time.Now()
}

// callers redraws the bar: done of the step's n callers are over.
func (p *progress) callers(done, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.terminal {
		return
	}
	const width = 24
	filled := 0
	if n > 0 {
		filled = min(width, done*width/n)
	}
	fmt.Fprintf(p.w, "\r\033[K%-10s %-12s N=%-6d %6.1fs [%s%s] %d/%d",
		p.experiment, p.model, p.n,
		time.Since(p.stepBegan).Seconds(),
		strings.Repeat("#", filled), strings.Repeat(".", width-filled),
		done, n)
}

// done ends the step with what it found.
func (p *progress) done(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.terminal {
		fmt.Fprint(p.w, "\r\033[K")
	}
	fmt.Fprintf(p.w, "%-10s %-12s N=%-6d %6.1fs  %s\n", p.experiment,
		p.model, p.n, time.Since(p.stepBegan).Seconds(),
		fmt.Sprintf(format, args...))
}

// say prints a line of its own.
func (p *progress) say(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.terminal {
		fmt.Fprint(p.w, "\r\033[K")
	}
	fmt.Fprintf(p.w, format+"\n", args...)
}
