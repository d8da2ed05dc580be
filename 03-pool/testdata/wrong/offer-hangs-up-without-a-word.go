// Wrong: hangs up on a caller when the queue is full, without saying busy.
// Replaces: offer.go
// Fails: TestExercise2AFullQueueGivesTheBusySignal

//go:build !exercise03

package main

import "golang.org/x/sys/unix"

func (p *pool) offer(fd int) {
	select {
	case p.queue <- fd:
		return
	default:
	}
	if p.block {
		p.queue <- fd
		return
	}
	unix.Close(fd)
}
