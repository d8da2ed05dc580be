// Wrong: a timer already late gives a negative wait, which select and
// poll read as "no timeout": the loop sleeps through the lookup.
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
	return ts.due[0].when.Sub(now)
}

func (ts *Timers) Fire(now time.Time) int {
	fired := 0
	for len(ts.due) > 0 && !ts.due[0].when.After(now) {
		t := heap.Pop(&ts.due).(*Timer)
		t.fire()
		fired++
	}
	return fired
}
