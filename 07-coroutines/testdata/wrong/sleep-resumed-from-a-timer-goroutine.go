// Wrong: time.AfterFunc calls the waker on a goroutine of its own, not
// on the loop's thread: the scheduler refuses the resume, and the
// coroutine sleeps for ever.
// Replaces: coro/sleep.go
// Fails: TestExercise1SleepParksAndTheLoopServesOthers

//go:build !exercise07

package coro

import "time"

func (co *Co) Sleep(d time.Duration) error {
	t := time.AfterFunc(d, co.Waker())
	defer t.Stop()
	return co.park()
}
