// Wrong: answers the calls still queued at closing time, as if no day ended.
// Replaces: work.go
// Fails: TestExercise1AWorkerAnswersOnItsOwnThreadUntilClosingTime

//go:build !exercise03

package main

import "runtime"

func (p *pool) work() {
	runtime.LockOSThread()
	for fd := range p.queue {
		p.answer(fd)
	}
}
