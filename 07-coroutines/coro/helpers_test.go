package coro

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/04-select/switchboard/pollertest"
	"github.com/holdtheline/holdtheline/05-epoll/epoll"
)

// running starts a scheduler on a loop with 05's epoll, running on a
// goroutine of its own until the test ends.
func running(t *testing.T) *Scheduler {
	t.Helper()
	p, err := epoll.New(epoll.Level)
	require.NoError(t, err)
	return New(pollertest.RunningLoop(t, p))
}

// onLoop runs f on the loop's thread and waits for it, a while.
func onLoop(t *testing.T, s *Scheduler, f func()) {
	t.Helper()
	pollertest.OnLoop(t, s.loop, f)
}

// alive is s.Alive, read on the loop's thread.
func alive(t *testing.T, s *Scheduler) int {
	var n int
	onLoop(t, s, func() { n = s.Alive() })
	return n
}

// socketPair is two connected non-blocking stream sockets, closed when
// the test ends unless closed first.
func socketPair(t *testing.T) (int, int) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX,
		unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	require.NoError(t, err)
	t.Cleanup(func() { unix.Close(fds[0]); unix.Close(fds[1]) })
	return fds[0], fds[1]
}

// within waits for ch, or fails t after d.
func within[T any](t *testing.T, d time.Duration, ch <-chan T,
	what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		t.Fatalf("%s: not within %v", what, d)
	}
	var zero T
	return zero
}
