// Wrong: never locks its OS thread, so any thread may take its calls.
// Replaces: work.go
// Fails: TestExercise1AWorkerAnswersOnItsOwnThreadUntilClosingTime

//go:build !exercise03

package main

import (
	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

func (p *pool) work() {
	for fd := range p.queue {
		select {
		case <-p.dayOver:
			blocking.Refuse(fd, phone.ErrBusy)
		default:
			p.answer(fd)
		}
	}
}
