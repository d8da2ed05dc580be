// Wrong: waits for quiet by napping 4 s before it looks.
// Replaces: calls.go
// Fails: TestExercise2WaitQuietReturnsWhenTheLastCallHangsUp

//go:build !exercise02

package main

import (
	"sync/atomic"
	"time"
)

// calls counts right, but waitQuiet has no way to hear the last
// hang-up: it naps for most of the grace and then waits in short naps,
// so closing time takes 4 s even when the calls were over long before.
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
	if c.onLine.Load() == 0 {
		return
	}
	time.Sleep(4 * time.Second)
	for c.onLine.Load() > 0 {
		time.Sleep(100 * time.Millisecond)
	}
}
