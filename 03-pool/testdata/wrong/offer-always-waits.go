// Wrong: waits for room whether or not block is set: nobody hears busy.
// Replaces: offer.go
// Fails: TestExercise2AFullQueueGivesTheBusySignal

//go:build !exercise03

package main

func (p *pool) offer(fd int) {
	p.queue <- fd
}
