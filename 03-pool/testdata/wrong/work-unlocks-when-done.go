// Wrong: unlocks her thread on going home, so it lives on in the runtime.
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
	defer runtime.UnlockOSThread()
	for fd := range p.queue {
		select {
		case <-p.dayOver:
			blocking.Refuse(fd, phone.ErrBusy)
		default:
			p.answer(fd)
		}
	}
}
