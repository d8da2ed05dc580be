package main

import (
	"sync"
	"sync/atomic"
)

// A pool is a call centre with a fixed staff: a set number of workers,
// each an OS thread, and one queue of calls waiting for a free one.
//
// The queue is a buffered channel of accepted sockets. A worker with
// nothing to do waits in a receive on it; Go parks the goroutine, and
// its thread, locked to it, sleeps in futex(2): the same wait as a
// pthread pool's workers on a condition variable.
type pool struct {
	queue   chan int     // calls accepted, not yet picked up
	answer  func(fd int) // one whole call, on a worker's thread
	block   bool         // when the queue is full: wait, not busy
	closing atomic.Bool  // set once the day is over
	workers sync.WaitGroup
}

// newPool hires n workers and starts them. Each is a goroutine locked
// to its own OS thread for life, so the kernel sees exactly n threads
// making the calls, however many callers ring.
func newPool(n, queue int, block bool, answer func(fd int)) *pool {
	p := &pool{queue: make(chan int, queue), answer: answer,
		block: block}
	for range n {
		p.workers.Go(p.work)
	}
	return p
}
