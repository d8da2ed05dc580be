package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/workshop/caller"
	"github.com/holdtheline/holdtheline/workshop/phone"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// The claims the README makes about one operator at a switchboard,
// each checked against the real binary, run as its own process.

// The protocol and the program contract hold for both pollers.
func TestConformance(t *testing.T) {
	needsExercises(t)
	for _, poller := range switchboard.Backends {
		t.Run(poller, func(t *testing.T) {
			phonetest.Run(t, phonetest.Options{Dir: ".",
				Args: []string{"-poller", poller}})
		})
	}
}

// README: "one thread holds 800 callers at once". 800 callers dial at
// once, with a one-second lookup: all are on hold together, and all
// are answered within 3.5 lookups, by a server of a dozen OS threads
// at most over the whole run, told apart by their ids (Go's runtime
// keeps a few of its own beside the loop's).
func TestOneThreadHolds800CallersAtOnce(t *testing.T) {
	needsExercises(t)
	const callers, lookup = 800, time.Second
	for _, poller := range switchboard.Backends {
		t.Run(poller, func(t *testing.T) {
			srv := phonetest.StartHere(t, "-poller", poller,
				"-lookup", lookup.String())
			h := phonetest.HoldAtOnce(t, srv,
				caller.Fleet{Addr: srv.Addr, N: callers})
			t.Logf("%s: %d callers, lookup %v: all answered after %v; "+
				"at most %d on hold at once, %d OS threads ever",
				poller, callers, lookup, h.Took.Round(time.Millisecond),
				h.MostOnHold, h.Threads)
			assert.Less(t, h.Took, lookup*7/2, "all within 3.5 lookups")
			assert.GreaterOrEqual(t, h.MostOnHold, callers*9/10,
				"(nearly) all on hold at the same time")
			assert.LessOrEqual(t, h.Threads, 12, "OS threads, by id")
		})
	}
}

// README: "fd 1024 is a wall for select, not for poll". With the fd
// limit at 4,096, 1,100 callers ring and say nothing. With select the
// calls on fds past 1023 hear busy; once the silent callers hang up,
// a caller is answered again. With poll, all 1,100 are picked up and a
// caller is answered while they hold.
func TestSelectSaysBusyPastFd1023AndPollHoldsEveryone(t *testing.T) {
	needsExercises(t)
	const silent = 1100
	for _, poller := range switchboard.Backends {
		t.Run(poller, func(t *testing.T) {
			srv := phonetest.StartHere(t, "-poller", poller,
				"-lookup", "100ms", "-idle", "60s")
			srv.SetFDLimit(t, 4096)

			conns, heard := phonetest.RingSilently(t, srv.Addr, silent,
				15*time.Second)
			greeted, busy := heard[phone.Greeting], heard[phone.ErrBusy.Line()]
			t.Logf("%s: of %d silent callers, %d greeted, %d busy (%v)",
				poller, silent, greeted, busy, heard)
			require.Equal(t, silent, greeted+busy,
				"each hears the greeting or busy: %v", heard)
			if poller == "select" {
				// fds 0-1023, less the few the server holds already.
				assert.Greater(t, greeted, 1000)
				assert.Less(t, greeted, 1024)
				assert.Equal(t, phone.ErrBusy.Line(),
					phonetest.Ask(t, srv.Addr, "bob"), "still full: busy")
				phonetest.HangUp(conns)
				// The server notices the hang-ups in its own time.
				require.Eventually(t, func() bool {
					return srv.OpenFDs(t) < 100
				}, 10*time.Second, 20*time.Millisecond)
			} else {
				assert.Equal(t, silent, greeted, "poll has no wall")
			}
			assert.Equal(t, phone.Answer("bob"), phonetest.Ask(t, srv.Addr, "bob"),
				"a caller after the flood is answered")
		})
	}
}

// README: "out of fds, the switchboard rests; it does not spin". With
// the fd limit at 64, 150 callers ring and say nothing: most stay
// ringing in the backlog, and the line stays readable. Over two
// seconds the server uses under a quarter of a core, and when the
// silent callers hang up it answers again.
func TestOutOfFdsTheSwitchboardRestsAndServesAgain(t *testing.T) {
	needsExercises(t)
	const limit, silent, window = 64, 150, 2 * time.Second
	for _, poller := range switchboard.Backends {
		t.Run(poller, func(t *testing.T) {
			srv := phonetest.StartHere(t, "-poller", poller,
				"-idle", "60s", "-lookup", "100ms")
			s := phonetest.StarveOfFDs(t, srv, limit, silent, window)
			t.Logf("%s: %d silent callers, fd limit %d: %v; then %v run or "+
				"runnable in %v", poller, silent, limit, s.Heard, s.Wanted, s.Wall)
			assert.Less(t, s.Heard[phone.Greeting], limit,
				"not all picked up: the fds ran out")
			assert.Less(t, s.Wanted, s.Wall/4, "is it retrying accept in a loop?")
			assert.Equal(t, phone.Answer("bob"), s.After,
				"answered once the silent callers hung up")
		})
	}
}
