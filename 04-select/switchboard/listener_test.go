package switchboard

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/workshop/caller"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// failingAccept makes sb's accept(2) fail with errs, one per call, the
// first time callers ring, then accept for real.
func failingAccept(sb *Switchboard, errs ...unix.Errno) {
	sb.accept = func(line, flags int) (int, error) {
		if len(errs) > 0 {
			err := errs[0]
			errs = errs[1:]
			return -1, err
		}
		return accept4(line, flags)
	}
}

// newSwitchboard makes a switchboard on a free port, not yet serving.
func newSwitchboard(t *testing.T, lookup time.Duration,
	p Poller) (*Switchboard, string) {
	t.Helper()
	line, addr, err := blocking.Listen("127.0.0.1:0", 128)
	require.NoError(t, err)
	sb, err := New(line, Options{Lookup: lookup, Idle: 2 * time.Second,
		Poller: p})
	require.NoError(t, err)
	return sb, addr
}

// ask makes one call and returns the reply.
func ask(t *testing.T, addr, name string) caller.Call {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return caller.Dial(ctx, addr, name)
}

// accept(2) fails for one caller alone with these (its man page,
// "Error handling"; EPERM from a firewall): the switchboard picks up
// the next caller as if nothing happened.
func TestARetryableAcceptErrorDoesNotStopTheSwitchboard(t *testing.T) {
	needsExercises(t)
	sb, addr := newSwitchboard(t, time.Millisecond, NewPoll())
	failingAccept(sb, unix.EINTR, unix.ECONNABORTED, unix.EPERM,
		unix.EPROTO, unix.ENETDOWN, unix.ENETUNREACH, unix.EHOSTDOWN,
		unix.EHOSTUNREACH, unix.ENOPROTOOPT, unix.ENONET,
		unix.EOPNOTSUPP)
	served := serve(t, sb)
	for _, name := range []string{"alice", "bob"} {
		c := ask(t, addr, name)
		require.NoError(t, c.Err, "Serve: %v", served.err)
		assert.Equal(t, phone.Answer(name), c.Reply+"\n")
	}
	_, returned := served.wait(0)
	assert.False(t, returned, "Serve returned")
}

// When accept(2) says the line itself is broken, the switchboard stops
// picking up, answers the caller it already holds, and only then does
// Serve return, saying why.
func TestABrokenLineAnswersItsCallsThenServeSaysWhy(t *testing.T) {
	needsExercises(t)
	sb, addr := newSwitchboard(t, 300*time.Millisecond, NewSelect())
	served := serve(t, sb)
	var wg sync.WaitGroup
	var held caller.Call
	wg.Go(func() { held = ask(t, addr, "alice") })
	holding(t, sb, 1)
	on(t, sb.loop, func() { failingAccept(sb, unix.EINVAL) })
	ask(t, addr, "bob") // rings; accept fails for good
	wg.Wait()
	require.NoError(t, held.Err)
	assert.Equal(t, phone.Answer("alice"), held.Reply+"\n")
	err, returned := served.wait(5 * time.Second)
	require.True(t, returned, "Serve did not return")
	assert.ErrorIs(t, err, unix.EINVAL)
}

// A lineWatcher is a Poller that refuses to watch the line for callers
// again, after a rest: the kernel out of memory, say.
type lineWatcher struct {
	Poller
	line    int
	watched int // times the line was watched for Readable
}

func (w *lineWatcher) Watch(fd int, want Interest) error {
	if fd == w.line && want == Readable {
		if w.watched++; w.watched > 1 {
			return unix.ENOMEM
		}
	}
	return w.Poller.Watch(fd, want)
}

// Out of fds the switchboard rests, and then watches the line again.
// If it cannot, the error is not dropped (the switchboard would never
// pick up again, silently): Serve returns it.
func TestALineThatCannotBeWatchedAgainEndsServeWithTheReason(t *testing.T) {
	needsExercises(t)
	line, addr, err := blocking.Listen("127.0.0.1:0", 128)
	require.NoError(t, err)
	sb, err := New(line, Options{Lookup: time.Millisecond,
		Idle: time.Second, Poller: &lineWatcher{Poller: NewPoll(),
			line: line}})
	require.NoError(t, err)
	failingAccept(sb, unix.EMFILE)
	served := serve(t, sb)
	c := ask(t, addr, "alice")
	t.Logf("the caller heard %q, %v", c.Reply, c.Err)
	err, returned := served.wait(5 * time.Second)
	require.True(t, returned, "Serve did not return")
	assert.ErrorIs(t, err, unix.ENOMEM)
}

// holding waits until sb holds n calls, asking on the loop's thread.
func holding(t *testing.T, sb *Switchboard, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; {
		held := make(chan int, 1)
		require.True(t, sb.loop.Post(func() { held <- sb.open }))
		if <-held == n {
			return
		}
		require.True(t, time.Now().Before(deadline),
			"%d calls were never held at once", n)
		time.Sleep(5 * time.Millisecond)
	}
}
