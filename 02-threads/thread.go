//go:build !exercise02

package main

import "runtime"

// onItsOwnThread runs f on a new goroutine locked to an OS thread that
// nothing else will ever run on.
//
// Go's runtime runs goroutines on a few threads and moves them around;
// a plain `go f()` would not give f a thread. LockOSThread does: from
// here on, this goroutine and this thread go together, and while f
// waits in a system call the thread waits with it. f never unlocks, so
// when it returns the goroutine exits still locked, and the runtime
// ends the thread too instead of keeping it for other goroutines.
func onItsOwnThread(f func()) {
	go func() {
		runtime.LockOSThread()
		f()
	}()
}
