package main

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// The exercises are tested on socket pairs, not on the binary: the pool
// is handed calls by hand, and a test function stands in for the call.

// Exercise 1 (work.go): a worker answers every queued call on one OS
// thread, tells the callers still queued at closing time busy, and goes
// home when the queue is closed.
func TestExercise1AWorkerAnswersOnItsOwnThreadUntilClosingTime(
	t *testing.T) {
	var mu sync.Mutex
	var threads []int
	p := &pool{queue: make(chan int, 4), answer: func(fd int) {
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
	// One call at a time, so the worker waits between calls: a worker
	// not locked to its thread may wake on another.
	for range 3 {
		op, _ := socketPair(t)
		p.queue <- op
		time.Sleep(20 * time.Millisecond)
	}
	p.closing.Store(true)
	op, caller := socketPair(t)
	p.queue <- op
	close(p.queue)
	assert.Equal(t, "error: busy\n", hear(t, caller),
		"after closing time a queued caller hears busy")

	select {
	case <-home:
	case <-time.After(2 * time.Second):
		t.Fatal("work did not return once the queue was closed and empty")
	}
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, threads, 3, "three calls answered")
	for _, tid := range threads {
		assert.Equal(t, threads[0], tid, "all on the worker's one thread")
	}
}

// Exercise 2 (offer.go): a call goes in the queue while there is room;
// once it is full, the next caller hears busy at once.
func TestExercise2AFullQueueGivesTheBusySignal(t *testing.T) {
	p := &pool{queue: make(chan int, 1)}
	first, _ := socketPair(t)
	offered(t, p, first)
	require.Len(t, p.queue, 1, "the first call waits in the queue")

	second, caller := socketPair(t)
	offered(t, p, second)
	assert.Equal(t, "error: busy\n", hear(t, caller))
	assert.Len(t, p.queue, 1, "the busy caller is not queued")
	closeQueued(p)
}

// Exercise 3 (offer.go): with block set, a full queue makes offer wait
// until a worker takes a call, and then the caller is queued, not told
// busy.
func TestExercise3BlockWhenFullWaitsForRoom(t *testing.T) {
	p := &pool{queue: make(chan int, 1), block: true}
	first, _ := socketPair(t)
	offered(t, p, first)
	require.Len(t, p.queue, 1, "the first call waits in the queue")

	second, _ := socketPair(t)
	returned := make(chan struct{})
	go func() {
		p.offer(second)
		close(returned)
	}()
	select {
	case <-returned:
		t.Fatal("offer returned while the queue was full")
	case <-time.After(200 * time.Millisecond):
	}
	assert.Equal(t, first, <-p.queue, "a worker takes the first call")
	select {
	case <-returned:
	case <-time.After(2 * time.Second):
		t.Fatal("offer still waits though there is room")
	}
	assert.Equal(t, second, <-p.queue, "the second call is queued")
	unix.Close(first)
	unix.Close(second)
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

// socketPair returns two connected blocking stream sockets: the
// operator's end and the caller's. The operator's end belongs to
// whoever the test hands it to; the caller's is closed when the test
// ends.
func socketPair(t *testing.T) (op, caller int) {
	fds, err := unix.Socketpair(unix.AF_UNIX,
		unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	require.NoError(t, err)
	t.Cleanup(func() { unix.Close(fds[1]) })
	return fds[0], fds[1]
}

// closeQueued closes the calls left in p's queue.
func closeQueued(p *pool) {
	for len(p.queue) > 0 {
		unix.Close(<-p.queue)
	}
}

// hear reads what the operator said on the caller's end until it hung
// up, waiting at most two seconds.
func hear(t *testing.T, caller int) string {
	tv := unix.Timeval{Sec: 2}
	unix.SetsockoptTimeval(caller, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv)
	var said []byte
	buf := make([]byte, 64)
	for {
		n, err := unix.Read(caller, buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil || n <= 0 {
			return string(said)
		}
		said = append(said, buf[:n]...)
	}
}
