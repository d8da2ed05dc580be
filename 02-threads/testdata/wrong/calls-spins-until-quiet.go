// Wrong: waits for quiet by spinning a core on the count.
// Replaces: calls.go
// Fails: TestExercise2WaitQuietReturnsWhenTheLastCallHangsUp

//go:build !exercise02

package main

import "sync/atomic"

// calls counts right, and waitQuiet returns the moment the count is
// zero, but it gets there by reading the count over and over: a whole
// core burnt for as long as the last call is on hold.
type calls struct {
	max    int64
	onLine atomic.Int64
}

func newCalls(max int) *calls {
	return &calls{max: int64(max)}
}

func (c *calls) pickUp() bool {
	if c.onLine.Add(1) > c.max {
		c.onLine.Add(-1)
		return false
	}
	return true
}

func (c *calls) hangUp() {
	c.onLine.Add(-1)
}

func (c *calls) waitQuiet() {
	for c.onLine.Load() > 0 {
	}
}
