// Package pollertest checks that a switchboard.Poller keeps the
// promises the loop stands on. Chapter 4 runs it on select and poll; a
// chapter that brings a poller of its own runs it on that one too:
//
//	func TestEpollKeepsThePollersPromises(t *testing.T) {
//		pollertest.Run(t, func() switchboard.Poller {
//			e, err := epoll.New(epoll.Level)
//			require.NoError(t, err)
//			return e
//		})
//	}
//
// It also holds what the chapters' wait benchmarks and claims share:
// a Board of idle and active lines to time a poller's wait on;
// AnswersACall, which the claims ask before they run the learner's
// loop; and RunningLoop and OnLoop, a Loop for the length of a test.
package pollertest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// Run checks the Poller newPoller makes, one subtest per promise, each
// on a fresh Poller and a fresh socket pair.
func Run(t *testing.T, newPoller func() switchboard.Poller) {
	for _, p := range promises {
		t.Run(p.name, func(t *testing.T) {
			poller := newPoller()
			defer poller.Close()
			op, caller := phonetest.SocketPair(t, unix.SOCK_NONBLOCK)
			p.check(t, &probe{t: t, p: poller}, op, caller)
		})
	}
}

// A promise is one thing the loop counts on a Poller for.
type promise struct {
	name  string
	check func(t *testing.T, b *probe, op, caller int)
}

// Readable and Writable, for short.
const (
	r = switchboard.Readable
	w = switchboard.Writable
)

var promises = []promise{
	{"reports a line ready for what it is watched for", reportsWhatIsWatched},
	{"keeps a line watched for nothing quiet, even hung up", keepsOnHoldQuiet},
	{"ends a wait to write when the caller hangs up", hangUpEndsAWaitToWrite},
	{"ends a wait to read when the caller hangs up", hangUpEndsAWaitToRead},
	{"forgets a line", forgets},
	{"waits no longer than its timeout, and no shorter", keepsItsTimeout},
	{"clamps a timeout past its range, and does not wrap", clampsALongTimeout},
	{"fills the loop's slice without allocating", reusesTheSlice},
}

func reportsWhatIsWatched(t *testing.T, b *probe, op, caller int) {
	b.watch(op, r)
	assert.Empty(t, b.wait(0), "nothing said yet")
	unix.Write(caller, []byte("alice\n"))
	assert.Equal(t, []switchboard.Event{{Fd: op, Ready: r}},
		b.wait(time.Second))
	b.watch(op, r|w)
	assert.Equal(t, []switchboard.Event{{Fd: op, Ready: r | w}},
		b.wait(time.Second))
	b.watch(op, w)
	assert.Equal(t, []switchboard.Event{{Fd: op, Ready: w}},
		b.wait(time.Second), "watched for writing only")
}

// keepsOnHoldQuiet: a call on hold is watched for nothing. Even if its
// caller hangs up, the wait must not return for it: a poller that
// reports the hang-up again on every wait turns the loop into a spin
// until the lookup ends. (poll(2) and epoll report hang-ups whatever
// the line was watched for.)
func keepsOnHoldQuiet(t *testing.T, b *probe, op, caller int) {
	b.watch(op, r)
	unix.Write(caller, []byte("alice\n"))
	b.watch(op, 0)
	b.quiet(50 * time.Millisecond)
	unix.Close(caller)
	b.quiet(50 * time.Millisecond)
	b.quiet(50 * time.Millisecond)
}

func hangUpEndsAWaitToWrite(t *testing.T, b *probe, op, caller int) {
	b.watch(op, 0)
	unix.Close(caller)
	b.watch(op, w)
	assert.Equal(t, []switchboard.Event{{Fd: op, Ready: w}},
		b.wait(time.Second), "the write that follows meets the hang-up")
}

func hangUpEndsAWaitToRead(t *testing.T, b *probe, op, caller int) {
	b.watch(op, r)
	unix.Close(caller)
	assert.Equal(t, []switchboard.Event{{Fd: op, Ready: r}},
		b.wait(time.Second), "the read that follows gives 0 bytes")
}

func forgets(t *testing.T, b *probe, op, caller int) {
	b.watch(op, r)
	unix.Write(caller, []byte("alice\n"))
	require.NoError(t, b.p.Forget(op))
	b.quiet(20 * time.Millisecond)
	b.watch(op, r)
	assert.Equal(t, []switchboard.Event{{Fd: op, Ready: r}},
		b.wait(time.Second), "watched again after Forget")
}

func keepsItsTimeout(t *testing.T, b *probe, op, caller int) {
	b.watch(op, r)
	start := time.Now()
	assert.Empty(t, b.wait(0))
	assert.Less(t, time.Since(start), time.Second, "a wait overslept")
	// Not a whole number of milliseconds: a Poller that rounds it down
	// wakes early, then spins on waits of 0 ms until the time is up.
	d := 30*time.Millisecond + 500*time.Microsecond
	start = time.Now()
	b.quiet(d)
	assert.Less(t, time.Since(start), d+time.Second, "a wait overslept")
	// With no timeout, the wait lasts until a line is ready.
	go func() {
		time.Sleep(30 * time.Millisecond)
		unix.Write(caller, []byte("x"))
	}()
	assert.Equal(t, []switchboard.Event{{Fd: op, Ready: r}}, b.wait(-1))
}

// clampsALongTimeout waits 2^32 ms and 5 ms. epoll_wait(2) takes its
// timeout as a C int of milliseconds: passed as it is, that wraps to
// 5 ms, and the wait keeps returning early (the loop would wake every
// 5 ms, for 49 days). Clamped, it waits until the line is ready.
func clampsALongTimeout(t *testing.T, b *probe, op, caller int) {
	b.watch(op, r)
	go func() {
		time.Sleep(200 * time.Millisecond)
		unix.Write(caller, []byte("x"))
	}()
	assert.Equal(t, []switchboard.Event{{Fd: op, Ready: r}},
		b.wait((1<<32+5)*time.Millisecond))
}

func reusesTheSlice(t *testing.T, b *probe, op, caller int) {
	unix.Write(caller, []byte("x"))
	b.watch(op, r)
	given := make([]switchboard.Event, 0, 8)
	events, err := b.p.Wait(0, given)
	require.NoError(t, err)
	require.Equal(t, []switchboard.Event{{Fd: op, Ready: r}}, events)
	assert.Same(t, &given[:1][0], &events[0],
		"the events go into the slice the loop gave")
	// Later waits may see the line again (level-triggered) or not
	// (edge-triggered: it was reported once); neither allocates.
	allocs := testing.AllocsPerRun(100, func() {
		events, _ = b.p.Wait(0, events)
	})
	assert.Zero(t, allocs, "allocations per wait")
}

// A probe is the Poller under test, with steps that fail the test.
type probe struct {
	t *testing.T
	p switchboard.Poller
}

func (b *probe) watch(fd int, want switchboard.Interest) {
	b.t.Helper()
	require.NoError(b.t, b.p.Watch(fd, want), "Watch(%d, %v)", fd, want)
}

// wait waits as the loop does. A signal may cut a wait short, and the
// Poller then returns no events, as it may: so wait again for what is
// left. But a Poller that keeps returning early with nothing would
// make the loop spin (one that rounds a timeout down does, on waits of
// 0 ms until the time is up).
func (b *probe) wait(timeout time.Duration) []switchboard.Event {
	b.t.Helper()
	const mostWakes = 10 // signals are rare; a spin is thousands
	deadline := time.Now().Add(timeout)
	left := timeout
	for wakes := 0; ; wakes++ {
		events, err := b.p.Wait(left, nil)
		require.NoError(b.t, err)
		if timeout >= 0 {
			left = time.Until(deadline)
		}
		if len(events) > 0 || timeout == 0 || (timeout > 0 && left <= 0) {
			return events
		}
		require.Less(b.t, wakes, mostWakes,
			"the wait keeps returning early with nothing to report")
	}
}

// quiet checks that waiting d brings no events.
func (b *probe) quiet(d time.Duration) {
	b.t.Helper()
	assert.Empty(b.t, b.wait(d), "no line should be ready")
}
