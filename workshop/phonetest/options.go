package phonetest

import (
	"testing"
	"time"
)

// Options say which server the suite checks and how to start it.
type Options struct {
	// Dir is the chapter's main package, relative to the test's
	// directory: "." usually, and "." when left empty.
	Dir string
	// Args are the chapter's own extra flags, added to every start.
	Args []string

	// -lookup; default 100ms. The check that the lookup is honoured
	// uses at least 500 ms, for margins wide enough on a busy machine.
	Lookup time.Duration
	Idle   time.Duration // -idle; default 1s
	Grace  time.Duration // -grace; default 3s
}

// withDefaults fills in what was left zero. The defaults are short, so
// the suite is quick, and far above what loopback needs, so it is
// steady on a busy machine.
func (o Options) withDefaults() Options {
	if o.Dir == "" {
		o.Dir = "."
	}
	if o.Lookup == 0 {
		o.Lookup = 100 * time.Millisecond
	}
	if o.Idle == 0 {
		o.Idle = time.Second
	}
	if o.Grace == 0 {
		o.Grace = 3 * time.Second
	}
	return o
}

// start starts a fresh server for one check, on a free port, with the
// contract's flags from o and then the chapter's own.
func (o Options) start(t testing.TB, bin string) *Server {
	t.Helper()
	args := []string{
		"-addr", "127.0.0.1:0",
		"-lookup", o.Lookup.String(),
		"-idle", o.Idle.String(),
		"-grace", o.Grace.String(),
	}
	return Start(t, bin, append(args, o.Args...)...)
}

// patience is how long any one call may take in the suite: its lookup,
// the idle timeout, and then a wide margin for a busy machine. A call
// that takes longer is stuck, and a stuck call fails the check rather
// than hang the test.
func (o Options) patience() time.Duration {
	return o.Lookup + o.Idle + 5*time.Second
}
