// Wrong: sleeps in time.Sleep, on the loop's thread: nothing else runs
// meanwhile, and three sleepers take three times as long.
// Replaces: coro/sleep.go
// Fails: TestExercise1SleepParksAndTheLoopServesOthers

//go:build !exercise07

package coro

import "time"

func (co *Co) Sleep(d time.Duration) error {
	time.Sleep(d)
	return nil
}
