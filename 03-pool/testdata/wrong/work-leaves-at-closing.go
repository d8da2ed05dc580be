// Wrong: goes home at closing time, leaving the queued callers unheard.
// Replaces: work.go
// Fails: TestExercise1AWorkerAnswersOnItsOwnThreadUntilClosingTime

//go:build !exercise03

package main

import "runtime"

func (p *pool) work() {
	runtime.LockOSThread()
	for {
		select {
		case <-p.dayOver:
			return
		case fd, ok := <-p.queue:
			if !ok {
				return
			}
			p.answer(fd)
		}
	}
}
