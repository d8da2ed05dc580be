package main

import (
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/05-epoll/epoll"
	"github.com/holdtheline/holdtheline/workshop/caller"
	"github.com/holdtheline/holdtheline/workshop/phone"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// The claims the README makes about the switchboard on epoll, each
// checked against the real binary, run as its own process.

// The protocol and the program contract hold for both triggers.
func TestConformance(t *testing.T) {
	needsExercises(t)
	for _, trigger := range epoll.Triggers {
		t.Run(trigger, func(t *testing.T) {
			phonetest.Run(t, phonetest.Options{Dir: ".",
				Args: []string{"-trigger", trigger}})
		})
	}
}

// README: "one thread holds 5,000 callers at once". 5,000 callers dial
// at once, with a three-second lookup: all are on hold together, and
// all are answered within three lookups of the first dial (usually in
// about 3.3 s; one run in 20 on a busy machine took 6.7 s), by a
// server that had a dozen OS threads at most over the whole run,
// counted by their ids (Go's runtime keeps a few beside the loop's).
func TestOneThreadHolds5000CallersAtOnce(t *testing.T) {
	needsExercises(t)
	const callers, lookup, within = 5000, 3 * time.Second, 9 * time.Second
	srv := phonetest.StartHere(t, "-lookup", lookup.String(),
		"-idle", "30s")
	h := phonetest.HoldAtOnce(t, srv, caller.Fleet{Addr: srv.Addr,
		N: callers, MaxRinging: 1000})
	t.Logf("%d callers, lookup %v: all answered after %v; at most %d "+
		"on hold at once; %d OS threads ever", callers, lookup,
		h.Took.Round(time.Millisecond), h.MostOnHold, h.Threads)
	assert.Less(t, h.Took, within, "all answered within %v", within)
	assert.GreaterOrEqual(t, h.MostOnHold, callers*9/10,
		"(nearly) all on hold at the same time")
	assert.LessOrEqual(t, h.Threads, 12, "OS threads, by id")
}

// README: "a held call costs the operator at most 256 bytes". N
// callers ask and stay on hold (a 60-second lookup); the server's RSS
// grows by at most 256 bytes a call at 10,000, and 320 at 5,000 (RSS
// at the start varies by some 70 KiB from one server to the next, 14
// bytes a call at 5,000): a call is 136 bytes in a table by fd, its two
// funcs 32, its place in the loop's table 16, its timer's in the heap
// 8, and the read buffer is the loop's one. RSS does not count what the
// kernel holds for each connection: the test logs that too,
// machine-wide, so other work on the machine shows in it.
func TestAHeldCallCostsTheOperatorAtMost256Bytes(t *testing.T) {
	needsExercises(t)
	for _, c := range []struct {
		callers int
		most    int64 // bytes of RSS a call
	}{{5000, 320}, {10000, 256}} {
		t.Run(strconv.Itoa(c.callers), func(t *testing.T) {
			srv := phonetest.StartHere(t, "-lookup", "60s",
				"-idle", "60s")
			// One call picked up and hung up on: the loop has run.
			phonetest.RingSilently(t, srv.Addr, 1, 5*time.Second)
			time.Sleep(100 * time.Millisecond)
			rss0, kernel0 := srv.RSS(t), kernelBytes(t)

			conns := phonetest.HoldOn(t, srv.Addr, c.callers)
			require.Len(t, conns, c.callers, "all on hold")
			// The operator has heard every question when every call
			// is out of the backlog and has its fd.
			require.Eventually(t, func() bool {
				return srv.OpenFDs(t) >= c.callers
			}, 20*time.Second, 50*time.Millisecond)
			time.Sleep(500 * time.Millisecond)
			rss, kernel := srv.RSS(t), kernelBytes(t)
			perCall := (rss - rss0) / int64(c.callers)
			t.Logf("%d calls on hold: RSS %d KiB -> %d KiB, %d bytes a "+
				"call; the kernel, both ends, machine-wide: %d bytes "+
				"a call", c.callers, rss0>>10, rss>>10, perCall,
				(kernel-kernel0)/int64(c.callers))
			assert.LessOrEqual(t, perCall, c.most, "bytes of RSS a held call")
		})
	}
}

// README: "idle, it uses no CPU". Started and left alone for two
// seconds, the server uses (next to) no CPU: the loop sleeps in
// epoll_wait with no timeout, and nothing wakes it.
func TestIdleItUsesNoCPU(t *testing.T) {
	needsExercises(t)
	for _, trigger := range epoll.Triggers {
		t.Run(trigger, func(t *testing.T) {
			srv := phonetest.StartHere(t, "-trigger", trigger)
			assert.Equal(t, phone.Answer("bob"), phonetest.Ask(t, srv.Addr, "bob"))
			time.Sleep(200 * time.Millisecond)
			used, wall := srv.CPUOver(t, 2*time.Second)
			t.Logf("%s: idle, %v of CPU in %v", trigger, used, wall)
			// /proc counts CPU in ticks of 10 ms.
			assert.LessOrEqual(t, used, 20*time.Millisecond,
				"what wakes it?")
		})
	}
}

// README: "out of fds, the switchboard rests; it does not spin". With
// the fd limit at 128 (soft and hard), 178 callers ring and say
// nothing: most stay ringing in the backlog, and the line stays
// readable. Over two seconds the server uses under a quarter of a
// core, and once the silent callers hang up it answers again.
func TestOutOfFdsTheSwitchboardRestsAndServesAgain(t *testing.T) {
	needsExercises(t)
	const limit, silent, window = 128, 178, 2 * time.Second
	for _, trigger := range epoll.Triggers {
		t.Run(trigger, func(t *testing.T) {
			srv := phonetest.StartHere(t, "-trigger", trigger,
				"-idle", "60s", "-lookup", "100ms")
			s := phonetest.StarveOfFDs(t, srv, limit, silent, window)
			t.Logf("%s: %d silent callers, fd limit %d: %v; then %v run or "+
				"runnable in %v", trigger, silent, limit, s.Heard, s.Wanted, s.Wall)
			assert.Less(t, s.Heard[phone.Greeting], limit,
				"not all picked up: the fds ran out")
			assert.Greater(t, s.Heard[phone.Greeting], limit-20,
				"picked up as many as the fds allow")
			assert.Less(t, s.Wanted, s.Wall/4, "is it retrying accept in a loop?")
			require.True(t, s.Running, "it survives")
			assert.Equal(t, phone.Answer("bob"), s.After,
				"answered once the silent callers hung up")
		})
	}
}

// README: "out of fds, it still stops as the contract says". With the
// fd limit at 128 and every fd taken by a silent caller, SIGTERM stops
// the server the contract's way: the silent callers keep their calls
// past -grace, so it says so and exits 1. It does not crash: Go's
// runtime makes its own epoll the first time a goroutine waits on a
// timer, and out of fds it could not (a fatal error, "netpollinit
// failed"), so main has it made at start.
func TestOutOfFdsItStillStopsOnSIGTERM(t *testing.T) {
	needsExercises(t)
	const limit, silent = 128, 178
	srv := phonetest.StartHere(t, "-idle", "60s", "-grace", "500ms")
	srv.SetFDLimit(t, limit)
	_, heard := phonetest.RingSilently(t, srv.Addr, silent, time.Second)
	require.Greater(t, heard[phone.Greeting], limit-20, "%v", heard)
	require.NoError(t, srv.Signal(syscall.SIGTERM))
	code, err := srv.Wait(10 * time.Second)
	require.NoError(t, err, "it stops")
	assert.Equal(t, 1, code, "grace ran out with calls open: exit 1")
	assert.NotContains(t, srv.Stderr(), "fatal error")
	assert.Contains(t, srv.Stderr(), "a call still open")
}
