// Wrong: starts a goroutine, but never locks it to a thread.
// Replaces: thread.go
// Fails: TestExercise1EachCallHasAThreadThatEndsWithIt

//go:build !exercise02

package main

// onItsOwnThread starts f on a goroutine and trusts the runtime to give
// it a thread. While f waits on a channel the runtime parks it and runs
// other goroutines on its thread, so several calls share one.
func onItsOwnThread(f func()) {
	go f()
}
