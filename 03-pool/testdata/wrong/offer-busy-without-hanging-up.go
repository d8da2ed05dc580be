// Wrong: says busy when the queue is full, but never hangs up.
// Replaces: offer.go
// Fails: TestExercise2AFullQueueGivesTheBusySignal

//go:build !exercise03

package main

import (
	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

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
	blocking.WriteAll(fd, []byte(phone.ErrBusy.Line()))
}
