// Wrong: counts with a plain int, which hang-ups from many threads race on.
// Replaces: calls.go
// Fails: TestExercise2CallsAreCountedUpToTheLimit

//go:build !exercise02

package main

import "sync"

// calls counts with an int: pickUp and hangUp run on different
// threads, and hangUps on many at once, with nothing between them.
type calls struct {
	max    int
	onLine int
	over   sync.WaitGroup
}

func newCalls(max int) *calls {
	return &calls{max: max}
}

func (c *calls) pickUp() bool {
	if c.onLine >= c.max {
		return false
	}
	c.onLine++
	c.over.Add(1)
	return true
}

func (c *calls) hangUp() {
	c.onLine--
	c.over.Done()
}

func (c *calls) waitQuiet() {
	c.over.Wait()
}
