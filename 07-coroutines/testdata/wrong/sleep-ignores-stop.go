// Wrong: when Stop ends the coroutine in its sleep, it parks again
// until the timer fires: an ended call sleeps on for its whole time.
// Replaces: coro/sleep.go
// Fails: TestExercise1SleepParksAndTheLoopServesOthers

//go:build !exercise07

package coro

import "time"

func (co *Co) Sleep(d time.Duration) error {
	until := time.Now().Add(d)
	for time.Now().Before(until) {
		co.s.loop.After(time.Until(until), co.Waker())
		co.park()
	}
	return nil
}
