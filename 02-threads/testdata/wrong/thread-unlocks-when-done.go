// Wrong: unlocks when f returns, so the thread outlives the call.
// Replaces: thread.go
// Fails: TestExercise1EachCallHasAThreadThatEndsWithIt

//go:build !exercise02

package main

import "runtime"

// onItsOwnThread locks f's goroutine to its thread and, tidily, unlocks
// it when f is done. But an unlocked goroutine that exits leaves its
// thread to the runtime, which keeps it, idle, for other goroutines:
// after a burst of calls the process keeps a thread for each.
func onItsOwnThread(f func()) {
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		f()
	}()
}
