package epoll

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

const (
	readable = switchboard.Readable
	writable = switchboard.Writable
)

// Exercise 1 (your collect_exercise.go): every line epoll reports
// becomes one event, ready for what it is watched for and no more; a
// hang-up reaches a line waiting to write; nothing of the last wait is
// left.
func TestExercise1EpollReportsEveryReadyLineAndEveryHangUp(t *testing.T) {
	e := &Epoll{lines: make([]line, 16)}
	for fd, want := range map[int]switchboard.Interest{
		5: readable, 6: writable, 7: writable, 8: readable,
		9: readable | writable, 10: writable, 11: readable,
	} {
		e.lines[fd] = line{watched: true, want: want}
	}
	ready := []unix.EpollEvent{
		{Fd: 5, Events: unix.EPOLLIN},
		{Fd: 6, Events: unix.EPOLLOUT},
		{Fd: 7, Events: unix.EPOLLHUP | unix.EPOLLERR}, // reset
		{Fd: 8, Events: unix.EPOLLRDHUP},               // hung up
		{Fd: 9, Events: unix.EPOLLOUT},
		// The caller said something while the line waits to write:
		// not what it waits for.
		{Fd: 10, Events: unix.EPOLLIN},
		{Fd: 11, Events: unix.EPOLLIN | unix.EPOLLHUP},
	}
	// What the last wait found, in the slice the loop reuses.
	last := []switchboard.Event{{Fd: 3, Ready: readable}}
	got := e.collect(ready, last)
	assert.Equal(t, []switchboard.Event{
		{Fd: 5, Ready: readable},
		{Fd: 6, Ready: writable},
		{Fd: 7, Ready: writable}, // hung up while we waited to write
		{Fd: 8, Ready: readable}, // a read will say: 0 bytes
		{Fd: 9, Ready: writable},
		{Fd: 11, Ready: readable},
	}, got)

	// And on a real epoll, edge-triggered: a caller who resets the
	// line while the operator waits to write is heard of, once.
	for _, trigger := range []Trigger{Level, Edge} {
		t.Run(trigger.String(), func(t *testing.T) {
			e := newEpoll(t, trigger)
			op, caller := phonetest.SocketPair(t, unix.SOCK_NONBLOCK)
			require.NoError(t, e.Watch(op, writable))
			events, err := e.Wait(time.Second, nil)
			require.NoError(t, err)
			require.Equal(t, []switchboard.Event{{Fd: op, Ready: writable}},
				events, "an empty socket has room")
			fill(t, op)
			events, err = e.Wait(50*time.Millisecond, events)
			require.NoError(t, err)
			require.Empty(t, events, "a full socket has no room")
			unix.Close(caller)
			events, err = e.Wait(time.Second, events)
			require.NoError(t, err)
			assert.Equal(t,
				[]switchboard.Event{{Fd: op, Ready: writable}}, events,
				"the caller hung up: the write that follows says so")
		})
	}
}

// fill writes to fd until its buffer is full.
func fill(t testing.TB, fd int) {
	junk := make([]byte, 64<<10)
	for {
		_, err := unix.Write(fd, junk)
		if err == unix.EAGAIN {
			return
		}
		require.NoError(t, err)
	}
}

// Exercise 2 (your watch_exercise.go): the kernel hears only changes. A
// first interest is an ADD, another a MOD, nothing a DEL, and the same
// again nothing at all; EPOLLOUT is in the kernel's list only while the
// line is watched for Writable; a line on hold is out of the kernel's
// list, so a caller who hangs up on hold cannot wake the wait.
func TestExercise2TheKernelHearsOnlyWhatChanges(t *testing.T) {
	e := newEpoll(t, Level)
	op, caller := phonetest.SocketPair(t, unix.SOCK_NONBLOCK)
	in := uint32(unix.EPOLLIN | unix.EPOLLRDHUP)
	steps := []struct {
		want   switchboard.Interest
		ctls   int    // epoll_ctl calls made so far
		kernel uint32 // what the kernel has for op; 0: not listed
		why    string
	}{
		{readable, 1, in, "a first interest: ADD"},
		{readable, 1, in, "the same again: no call"},
		{writable, 2, unix.EPOLLOUT, "another: MOD, EPOLLOUT alone"},
		{writable, 2, unix.EPOLLOUT, "the same again: no call"},
		{readable, 3, in, "output said: EPOLLOUT goes"},
		{0, 4, 0, "on hold: out of the kernel's list (DEL)"},
		{0, 4, 0, "still on hold: no call"},
		{writable, 5, unix.EPOLLOUT, "back from hold: ADD"},
		{0, 6, 0, "on hold again: DEL"},
	}
	for _, s := range steps {
		require.NoError(t, e.Watch(op, s.want), s.why)
		assert.Equal(t, s.ctls, e.ctls, "epoll_ctl calls: %s", s.why)
		list := inKernel(t, e)
		if s.kernel == 0 {
			assert.NotContains(t, list, op, s.why)
		} else {
			assert.Equal(t, s.kernel, list[op], "events: %s", s.why)
		}
	}

	// On hold, the caller hangs up. The line is not in the kernel's
	// list: the wait sleeps its whole timeout, it does not spin.
	unix.Close(caller)
	waits := 0
	for start := time.Now(); time.Since(start) < 300*time.Millisecond; {
		events, err := e.Wait(100*time.Millisecond, nil)
		require.NoError(t, err)
		assert.Empty(t, events, "a line on hold is not reported")
		waits++
		require.Less(t, waits, 50, "the wait returns at once: a spin")
	}

	require.NoError(t, e.Forget(op))
	assert.Equal(t, 6, e.ctls, "forgetting a line on hold: no call")
	assert.Error(t, e.Forget(op), "forgotten already")

	// A first Watch for nothing keeps the line on the board only.
	other, _ := phonetest.SocketPair(t, unix.SOCK_NONBLOCK)
	require.NoError(t, e.Watch(other, 0))
	assert.Equal(t, 6, e.ctls, "nothing to tell the kernel")
	require.NoError(t, e.Forget(other), "it is on the board")
	assert.ErrorIs(t, e.Watch(-1, readable), switchboard.ErrOutOfReach)

	// Edge-triggered, every line the kernel has is EPOLLET.
	edge := newEpoll(t, Edge)
	require.NoError(t, edge.Watch(other, readable))
	assert.Equal(t, in|unix.EPOLLET, inKernel(t, edge)[other])
	require.NoError(t, edge.Watch(other, writable))
	assert.Equal(t, uint32(unix.EPOLLOUT|unix.EPOLLET),
		inKernel(t, edge)[other])
}
