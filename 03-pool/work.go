//go:build !exercise03

package main

import (
	"runtime"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// work is one operator's day: take the next call from the queue,
// answer it start to finish, and take the next, until the queue is
// closed and empty.
//
// While a call lasts, this thread belongs to it: a caller who takes
// ten seconds to ask keeps the operator ten seconds. After closing
// time, a call still in the queue was never picked up; it hears the
// busy signal rather than wait for an answer the day has no time for.
func (p *pool) work() {
	// One operator, one thread, for life: every syscall of every call
	// this worker takes is made by the same OS thread, and no other
	// goroutine ever runs on it. It is never unlocked, so when the
	// worker goes home the runtime ends the thread with her.
	runtime.LockOSThread()
	for fd := range p.queue {
		select {
		case <-p.dayOver:
			blocking.Refuse(fd, phone.ErrBusy)
		default:
			p.answer(fd)
		}
	}
}
