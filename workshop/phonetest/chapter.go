package phonetest

import (
	"context"
	"testing"
	"time"

	"github.com/holdtheline/holdtheline/workshop/caller"
)

// StartHere builds the chapter whose tests are running (the main
// package in the test's directory) and starts it on a free loopback
// port with flags: what a chapter's claim tests do first.
func StartHere(t testing.TB, flags ...string) *Server {
	t.Helper()
	args := append([]string{"-addr", "127.0.0.1:0"}, flags...)
	return Start(t, Build(t, "."), args...)
}

// fleetWait bounds a whole fleet in a test, and fleetCall a single
// call when the fleet gives none: generous, so that only a server that
// really hangs runs into them.
const (
	fleetWait = time.Minute
	fleetCall = 30 * time.Second
)

// Callers runs a fleet and returns its report. Every call has a
// timeout (f.Timeout, or 30 s), and the fleet as a whole a minute, so a
// test never hangs on a server that does.
func Callers(t testing.TB, f caller.Fleet) caller.Report {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), fleetWait)
	defer cancel()
	if f.Timeout == 0 {
		f.Timeout = fleetCall
	}
	return f.Run(ctx)
}
