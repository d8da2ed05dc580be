package main

import (
	"net"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/04-select/switchboard/pollertest"
	"github.com/holdtheline/holdtheline/05-epoll/epoll"
)

// running is a loop on 05's epoll, running on its own goroutine until
// the test ends.
func running(t *testing.T) *switchboard.Loop {
	t.Helper()
	p, err := epoll.New(epoll.Level)
	require.NoError(t, err)
	return pollertest.RunningLoop(t, p)
}

// within waits for c up to d, or fails the test saying what did not
// happen.
func within[T any](t *testing.T, d time.Duration, c <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-c:
		return v
	case <-time.After(d):
		require.FailNow(t, "never: "+what)
		var zero T
		return zero
	}
}

// Exercise 1 (handback.go): a clerk, on a thread of its own, hands
// the number back so that the call's done runs on the loop's thread,
// once, with the number. The call's state and the caller's socket are
// the loop's alone: a clerk that ran done itself would write to the
// caller from its own thread, beside the loop.
func TestExercise1HandBackRunsDoneOnTheLoopsThreadOnce(t *testing.T) {
	loop := running(t)
	type heard struct {
		number string
		thread int
	}
	calls := make(chan heard, 4)
	j := job{name: "bob", loop: loop, done: func(n string, err error) {
		assert.NoError(t, err)
		calls <- heard{n, unix.Gettid()}
	}}
	clerk := make(chan int, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		clerk <- unix.Gettid()
		handBack(j, "555-4244")
	}()
	clerkThread := within(t, 5*time.Second, clerk, "the clerk starts")
	h := within(t, 5*time.Second, calls, "done is called")
	assert.Equal(t, "555-4244", h.number, "the clerk's number")
	assert.Equal(t, loop.Thread(), h.thread,
		"done ran on thread %d; the loop's is %d, the clerk's %d",
		h.thread, loop.Thread(), clerkThread)
	// Posts run in order: once this one has, any second post of done
	// made by handBack has run too.
	flushed := make(chan struct{})
	require.True(t, loop.Post(func() { close(flushed) }))
	within(t, 5*time.Second, flushed, "the loop runs a post")
	assert.Empty(t, calls, "done was called more than once")
}

// Exercise 2 (reuseport.go): two lines listen on one port, and the
// kernel hands the callers to both. 64 callers from 64 ports: the
// chance that a fair spread gives one line all of them is 2^-63.
func TestExercise2TwoLinesShareOnePort(t *testing.T) {
	first, addr, err := ListenShared("127.0.0.1:0", 128)
	require.NoError(t, err)
	defer unix.Close(first)
	second, again, err := ListenShared(addr, 128)
	require.NoError(t, err, "a second line on %s", addr)
	defer unix.Close(second)
	assert.Equal(t, addr, again)

	const callers = 64
	for range callers {
		c, err := net.DialTimeout("tcp", addr, 5*time.Second)
		require.NoError(t, err)
		defer c.Close()
	}
	picked := func(line int) int {
		require.NoError(t, unix.SetNonblock(line, true))
		n := 0
		for {
			fd, _, err := unix.Accept4(line, unix.SOCK_CLOEXEC)
			if err != nil {
				return n
			}
			unix.Close(fd)
			n++
		}
	}
	a, b := picked(first), picked(second)
	assert.Equal(t, callers, a+b, "every caller reached a line")
	assert.Positive(t, a, "the first line got no caller")
	assert.Positive(t, b, "the second line got no caller")
	t.Logf("the kernel spread %d callers %d and %d", callers, a, b)
}
