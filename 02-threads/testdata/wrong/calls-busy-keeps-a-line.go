// Wrong: a caller who hears busy keeps the line he was refused.
// Replaces: calls.go
// Fails: TestExercise2CallsAreCountedUpToTheLimit

//go:build !exercise02

package main

import (
	"sync"
	"sync/atomic"
)

// calls takes a line before it looks whether one was free, and forgets
// to give it back when it was not: every busy signal leaks a line, and
// after enough of them nobody is ever picked up again.
type calls struct {
	max    int64
	onLine atomic.Int64
	over   sync.WaitGroup
}

func newCalls(max int) *calls {
	return &calls{max: int64(max)}
}

func (c *calls) pickUp() bool {
	if c.onLine.Add(1) > c.max {
		return false
	}
	c.over.Add(1)
	return true
}

func (c *calls) hangUp() {
	c.onLine.Add(-1)
	c.over.Done()
}

func (c *calls) waitQuiet() {
	c.over.Wait()
}
