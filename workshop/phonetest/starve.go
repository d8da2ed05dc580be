package phonetest

import (
	"testing"
	"time"
)

// Starved is what StarveOfFDs saw of a server run out of fds.
type Starved struct {
	// Heard counts what the silent callers heard within a second: the
	// greeting, busy, or "" for those still ringing in the backlog.
	Heard map[string]int

	// Wanted is how long the server's threads ran or waited to run
	// while they held on, over Wall of the clock (Server.Wanted): a
	// server that waits for an fd to come free wants next to none, one
	// that retries accept(2) at once a whole core, however busy the
	// machine is.
	Wanted, Wall time.Duration

	// Running says whether the server survived it.
	Running bool

	// After is all a caller asking for bob heard once the silent
	// callers had hung up: the answer, if the server serves again.
	After string
}

// StarveOfFDs lowers srv's fd limit to limit and has silent callers,
// more than it has fds for, ring and say nothing; measures how long the
// server runs or waits to run over window while they hold on; then hangs them all up
// and makes one call. It is the claim of the event-driven chapters,
// "out of fds, the switchboard rests; it does not spin": each chapter
// asserts its own numbers on what it returns.
func StarveOfFDs(t testing.TB, srv *Server, limit uint64, silent int,
	window time.Duration) Starved {
	t.Helper()
	srv.SetFDLimit(t, limit)
	// Those still ringing after a second stay ringing.
	conns, heard := RingSilently(t, srv.Addr, silent, time.Second)
	s := Starved{Heard: heard}
	s.Wanted, s.Wall = srv.WantedOver(t, window)
	s.Running = srv.Running()
	HangUp(conns)
	if s.Running {
		s.After = Ask(t, srv.Addr, "bob")
	}
	return s
}
