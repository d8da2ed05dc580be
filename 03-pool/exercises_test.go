package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// The exercises are tested on socket pairs, not on the binary: the pool
// is handed calls by hand, and a test function stands in for the call.

// init keeps the process's main thread for the main goroutine, so no
// worker under test ever runs on it. A goroutine that returns locked
// to its thread takes the thread with it, but the main thread cannot
// end: the runtime parks it for good instead, and a worker locked to
// it would seem to keep her thread after going home.
func init() { runtime.LockOSThread() }

// Exercise 1 (your work_exercise.go): a worker answers every queued
// call on one OS thread, tells the callers still queued at closing time
// busy and hangs up on them, and goes home when the queue is closed,
// taking her thread with her.
func TestExercise1AWorkerAnswersOnItsOwnThreadUntilClosingTime(
	t *testing.T) {
	var mu sync.Mutex
	var threads []int
	p := &pool{queue: make(chan int, 4), dayOver: make(chan struct{}),
		answer: func(fd int) {
			mu.Lock()
			threads = append(threads, unix.Gettid())
			mu.Unlock()
			unix.Close(fd)
		}}
	home := make(chan struct{})
	go func() {
		p.work()
		close(home)
	}()
	// One call at a time, and a pause after each, so the worker waits
	// between calls: a worker not locked to its thread may wake on
	// another.
	for i := range 3 {
		op, caller := phonetest.SocketPair(t, 0)
		p.queue <- op
		_, hungUp := hear(t, caller)
		require.True(t, hungUp, "call %d was not answered and hung up "+
			"within 2 s: work answers each call with p.answer", i+1)
		time.Sleep(20 * time.Millisecond)
	}

	close(p.dayOver)
	op, caller := phonetest.SocketPair(t, 0)
	p.queue <- op
	close(p.queue)
	said, hungUp := hear(t, caller)
	assert.Equal(t, "error: busy\n", said,
		"after closing time a queued caller hears busy, not an answer")
	assert.True(t, hungUp, "and is hung up on: the worker closes the "+
		"call it refuses (no end of file within 2 s)")

	select {
	case <-home:
	case <-time.After(2 * time.Second):
		t.Fatal("work did not return once the queue was closed and empty")
	}
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, threads, 3, "three calls answered, one refused")
	for _, tid := range threads {
		require.Equal(t, threads[0], tid, "all on the worker's one thread")
	}
	// A goroutine that returns still locked to its thread takes the
	// thread with it; an unlocked one leaves it to the runtime, which
	// keeps it for other goroutines. So the worker's thread must end.
	assert.Eventually(t, func() bool { return !alive(threads[0]) },
		2*time.Second, 10*time.Millisecond, "thread %d lives on after "+
			"the worker went home: work must lock its goroutine to its "+
			"OS thread for life, and never unlock it", threads[0])
}

// alive says whether thread tid of this process still exists.
func alive(tid int) bool {
	_, err := os.Stat(fmt.Sprintf("/proc/self/task/%d", tid))
	return !errors.Is(err, os.ErrNotExist)
}

// Exercise 2 (your offer_exercise.go): a call goes in the queue while
// there is room; once it is full, the next caller hears busy at once
// and is hung up on.
func TestExercise2AFullQueueGivesTheBusySignal(t *testing.T) {
	p := &pool{queue: make(chan int, 1)}
	first, _ := phonetest.SocketPair(t, 0)
	offered(t, p, first)
	require.Equal(t, 1, len(p.queue), "calls queued: the first waits")

	second, caller := phonetest.SocketPair(t, 0)
	offered(t, p, second)
	said, hungUp := hear(t, caller)
	assert.Equal(t, "error: busy\n", said, "the queue is full")
	assert.True(t, hungUp, "and the busy caller is hung up on: offer "+
		"closes the call it refuses (no end of file within 2 s)")
	assert.Equal(t, 1, len(p.queue), "calls queued: the busy caller "+
		"is not")
	closeQueued(p)
}

// Exercise 3 (your offer_exercise.go): with block set, a full queue
// makes offer wait, asleep, until a worker takes a call; then the
// caller is queued, not told busy.
func TestExercise3BlockWhenFullWaitsForRoom(t *testing.T) {
	p := &pool{queue: make(chan int, 1), block: true}
	first, _ := phonetest.SocketPair(t, 0)
	offered(t, p, first)
	require.Equal(t, 1, len(p.queue), "calls queued: the first waits")

	second, caller := phonetest.SocketPair(t, 0)
	returned := make(chan struct{})
	cpu := cpuTime(t)
	go func() {
		p.offer(second)
		close(returned)
	}()
	const wait = time.Second
	select {
	case <-returned:
		t.Fatal("offer returned while the queue was full")
	case <-time.After(wait):
	}
	// Asleep, the whole process burns next to nothing in a second: a
	// millisecond or two, and a loaded machine cannot make that more.
	// A loop that tries again and again burns all a core can give it:
	// on two cores shared with two busy loops and other tests (a load
	// of 18), still over a tenth of a core. A fortieth is the line.
	spent := cpuTime(t) - cpu
	t.Logf("CPU time while offer waited %v for room: %v", wait, spent)
	assert.Less(t, spent, wait/40, "CPU time while offer waited %v for "+
		"room: offer must wait asleep, not try again in a loop", wait)

	assert.Equal(t, first, <-p.queue, "a worker takes the first call")
	select {
	case <-returned:
	case <-time.After(2 * time.Second):
		t.Fatal("offer still waits though there is room")
	}
	require.Equal(t, 1, len(p.queue), "calls queued: the second")
	assert.Equal(t, second, <-p.queue, "the second call is queued")
	said, _ := quiet(t, caller)
	assert.Empty(t, said, "the queued caller is not told busy")
	unix.Close(first)
	unix.Close(second)
}

// cpuTime is the CPU time this process (every thread of it) has used.
func cpuTime(t *testing.T) time.Duration {
	var ru unix.Rusage
	require.NoError(t, unix.Getrusage(unix.RUSAGE_SELF, &ru))
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// offered offers fd to p and fails the test if offer does not return
// within a second.
func offered(t *testing.T, p *pool, fd int) {
	t.Helper()
	returned := make(chan struct{})
	go func() {
		p.offer(fd)
		close(returned)
	}()
	select {
	case <-returned:
	case <-time.After(time.Second):
		t.Fatal("offer waited, with block unset")
	}
}

// closeQueued closes the calls left in p's queue.
func closeQueued(p *pool) {
	for len(p.queue) > 0 {
		unix.Close(<-p.queue)
	}
}

// hear reads what the operator says on the caller's end for up to two
// seconds, and whether the operator hung up (end of file) within them.
func hear(t *testing.T, caller int) (said string, hungUp bool) {
	t.Helper()
	return listen(t, caller, 2*time.Second)
}

// quiet is hear for a moment only, on a caller nobody should speak to.
func quiet(t *testing.T, caller int) (said string, hungUp bool) {
	t.Helper()
	return listen(t, caller, 100*time.Millisecond)
}

// listen reads the caller's end until end of file or until patience
// runs out. Each read is bounded by SO_RCVTIMEO, set to the time left:
// a signal from Go's runtime cuts a read short with EINTR, and the
// read after it must not start the full wait again.
func listen(t *testing.T, caller int, patience time.Duration) (
	string, bool) {
	t.Helper()
	deadline := time.Now().Add(patience)
	var said []byte
	buf := make([]byte, 64)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return string(said), false
		}
		// At least a microsecond: a zero timeval means wait forever.
		tv := unix.NsecToTimeval(max(left, time.Microsecond).Nanoseconds())
		require.NoError(t, unix.SetsockoptTimeval(caller, unix.SOL_SOCKET,
			unix.SO_RCVTIMEO, &tv))
		n, err := unix.Read(caller, buf)
		switch {
		case errors.Is(err, unix.EINTR):
		case errors.Is(err, unix.EAGAIN):
			return string(said), false // patience ran out
		case err != nil:
			require.NoError(t, err, "reading the caller's end")
		case n == 0:
			return string(said), true // the operator hung up
		default:
			said = append(said, buf[:n]...)
		}
	}
}
