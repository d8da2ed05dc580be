// Wrong: waitQuiet returns when the first call hangs up, not the last.
// Replaces: calls.go
// Fails: TestExercise2WaitQuietReturnsWhenTheLastCallHangsUp

//go:build !exercise02

package main

import "sync/atomic"

// calls counts right, and hangUp rings a bell that waitQuiet waits for;
// but one ring says only that one call is over, and waitQuiet takes it
// for quiet, while the others are still on the line.
type calls struct {
	max    int64
	onLine atomic.Int64
	bell   chan struct{}
}

func newCalls(max int) *calls {
	return &calls{max: int64(max), bell: make(chan struct{}, max)}
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
	c.bell <- struct{}{}
}

func (c *calls) waitQuiet() {
	if c.onLine.Load() > 0 {
		<-c.bell
	}
}
