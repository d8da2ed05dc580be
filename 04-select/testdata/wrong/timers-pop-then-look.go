// Wrong: takes the next timer out before looking at it, and stops
// when it is not due yet: that timer is lost and never fires.
// Replaces: switchboard/timers_due.go
// Fails: TestExercise2TimersFireWhenDueAndNeverBefore

//go:build !exercise04

package switchboard

import (
	"container/heap"
	"time"
)

func (ts *Timers) Until(now time.Time) time.Duration {
	if len(ts.due) == 0 {
		return -1
	}
	return max(ts.due[0].when.Sub(now), 0)
}

func (ts *Timers) Fire(now time.Time) int {
	fired := 0
	for len(ts.due) > 0 {
		t := heap.Pop(&ts.due).(*Timer)
		if t.when.After(now) {
			break
		}
		t.fire()
		fired++
	}
	return fired
}
