//go:build exercise03

package main

// Exercise 1: an operator's day.
//
// work is one worker, run on a goroutine of its own. It must:
//   - lock the goroutine to its OS thread for life, and never unlock
//     it (runtime.LockOSThread): every call is made on that one
//     thread, and when work returns the thread ends with it;
//   - take calls (socket fds) from p.queue until the queue is closed
//     and empty;
//   - answer each with p.answer(fd), which hangs up when it is done;
//   - but once p.dayOver is closed (closing time), not answer a call
//     it takes: refuse it with blocking.Refuse(fd, phone.ErrBusy),
//     which says "error: busy" and hangs up. A call refused and not
//     hung up leaves its caller waiting for the end of the call.
//
// A select with a default case looks at a channel without waiting.
// Check: go test -race -tags exercise03 -run Exercise ./...
func (p *pool) work() {
	// Your version goes here. Until then the worker goes home at once
	// and no call is ever answered.
}
