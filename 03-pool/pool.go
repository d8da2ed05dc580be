package main

import "sync"

// A pool is a call centre with a fixed staff: a set number of workers,
// each an OS thread, and one queue of calls waiting for a free one.
//
// The queue is a buffered channel of accepted sockets. A worker with
// nothing to do waits in a receive on it; Go parks the goroutine, and
// its thread, locked to it, sleeps in futex(2): the same wait as a
// pthread pool's workers on a condition variable.
type pool struct {
	line    int           // where callers ring
	queue   chan int      // calls accepted, not yet picked up
	dayOver chan struct{} // closed at closing time: queued calls hear busy
	answer  func(fd int)  // one whole call, on a worker's thread
	block   bool          // when the queue is full: wait, not busy
	workers sync.WaitGroup
}

// newPool hires n workers for the calls ringing on line and starts
// them. Each is a goroutine locked to its own OS thread for life, so
// the kernel sees exactly n threads making the calls, however many
// callers ring.
func newPool(line, n, queue int, block bool, answer func(fd int)) *pool {
	p := &pool{line: line, queue: make(chan int, queue),
		dayOver: make(chan struct{}), answer: answer, block: block}
	for range n {
		p.workers.Go(p.work)
	}
	return p
}
