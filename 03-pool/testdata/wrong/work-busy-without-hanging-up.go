// Wrong: after closing time says busy, but never hangs up on the caller.
// Replaces: work.go
// Fails: TestExercise1AWorkerAnswersOnItsOwnThreadUntilClosingTime

//go:build !exercise03

package main

import (
	"runtime"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

func (p *pool) work() {
	runtime.LockOSThread()
	for fd := range p.queue {
		select {
		case <-p.dayOver:
			blocking.WriteAll(fd, []byte(phone.ErrBusy.Line()))
		default:
			p.answer(fd)
		}
	}
}
