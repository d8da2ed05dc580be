//go:build exercise02

package main

// Exercise 1: a thread of its own.
//
// onItsOwnThread must run f on a new goroutine, so that the caller
// (the receptionist) is back in accept at once, and that goroutine
// must have an OS thread all to itself: from before f starts until
// after it returns, even while f waits on a channel, where the runtime
// would otherwise park the goroutine and lend its thread to others.
// When f returns the thread must end with it, not stay behind as one
// of the runtime's idle threads.
//
// As written, f shares the runtime's threads with every other
// goroutine: the test sees several calls on the same thread.
//
// Use runtime.LockOSThread. On which goroutine? Should you unlock?
// Check: go test -race -tags exercise02 -run Exercise1 .
func onItsOwnThread(f func()) {
	go f()
}
