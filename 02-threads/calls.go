//go:build !exercise02

package main

import (
	"sync"
	"sync/atomic"
)

// calls counts the calls in progress, up to a limit, so that a rush of
// callers costs at most max threads, and so that closing time can wait
// for the last call.
//
// Only the receptionist picks up, and she stops picking up before she
// waits for quiet; hangUp comes from each call's own thread, any of
// them, at any time.
type calls struct {
	max    int64
	onLine atomic.Int64   // picked up, not yet hung up
	over   sync.WaitGroup // the same calls, to wait for
}

func newCalls(max int) *calls {
	return &calls{max: int64(max)}
}

// pickUp takes a line for a new call, or says false if all max are in
// use: that caller hears "busy".
func (c *calls) pickUp() bool {
	if c.onLine.Add(1) > c.max {
		c.onLine.Add(-1)
		return false
	}
	c.over.Add(1)
	return true
}

// hangUp gives back the line of a call that is over.
func (c *calls) hangUp() {
	c.onLine.Add(-1)
	c.over.Done()
}

// waitQuiet returns once every call picked up has hung up.
func (c *calls) waitQuiet() {
	c.over.Wait()
}
