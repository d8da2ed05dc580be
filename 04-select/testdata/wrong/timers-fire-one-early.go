// Wrong: fires the next timer first and checks the clock after, so
// every Fire fires a timer, due or not: a lookup ends early.
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
		t.fire()
		fired++
		if len(ts.due) == 0 || ts.due[0].when.After(now) {
			break
		}
	}
	return fired
}
