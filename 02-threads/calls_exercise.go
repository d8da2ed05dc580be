//go:build exercise02

package main

// Exercise 2: count the calls.
//
// calls counts the calls in progress, up to max:
//
//   - pickUp takes a line and says true, or says false when all max
//     are in use (that caller hears "busy"). A caller turned away must
//     not keep a line: after a busy signal the count is what it was.
//   - hangUp gives a line back. It is called from each call's own
//     thread, so many hang-ups can come at the same moment: the count
//     must not lose one, and must not be a data race (the test runs
//     under -race and hangs up from a hundred goroutines at once).
//   - waitQuiet returns once every line is given back: at once when
//     none is in use, soon after the last hang-up otherwise (the test
//     allows one second), never before it. It waits without spinning
//     a core and without napping. The receptionist calls it at closing
//     time, after her last pickUp; how long to wait for the calls is
//     not its business (the contract gives them -grace).
//
// Try sync/atomic for the count and a sync.WaitGroup to wait on.
// Check: go test -race -tags exercise02 -run Exercise2 .
type calls struct {
	max int
}

func newCalls(max int) *calls {
	return &calls{max: max}
}

func (c *calls) pickUp() bool { return true }

func (c *calls) hangUp() {}

func (c *calls) waitQuiet() {}
