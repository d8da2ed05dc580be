// Wrong: runs f on the receptionist's own thread, and waits for it.
// Replaces: thread.go
// Fails: TestExercise1EachCallHasAThreadThatEndsWithIt

//go:build !exercise02

package main

import "runtime"

// onItsOwnThread locks the thread it is on and runs f there. That thread
// is the receptionist's: while the call is on hold nobody picks up, and
// this is chapter 1 again.
func onItsOwnThread(f func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	f()
}
