// Wrong: locks the thread of the goroutine that calls it, not f's.
// Replaces: thread.go
// Fails: TestExercise1EachCallHasAThreadThatEndsWithIt

//go:build !exercise02

package main

import "runtime"

// onItsOwnThread locks before it starts f, but LockOSThread locks the
// goroutine that calls it: the receptionist, who already has a thread
// of her own. f's new goroutine is as free to move as any other.
func onItsOwnThread(f func()) {
	runtime.LockOSThread()
	go f()
}
