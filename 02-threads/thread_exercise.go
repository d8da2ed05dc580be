//go:build exercise

package main

// Exercise 1: a thread of its own.
//
// onItsOwnThread must run f on a new goroutine that has an OS thread
// all to itself, from before f starts until after it returns, and the
// thread must end when f does. As written, f shares the runtime's
// threads with every other goroutine: while it waits on a channel, no
// thread waits for it, and the test sees too few threads.
//
// Use runtime.LockOSThread. Should you ever unlock?
// Check: go test -tags exercise -run Exercise1 .
func onItsOwnThread(f func()) {
	go f()
}
