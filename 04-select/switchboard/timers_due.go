//go:build !exercise04

package switchboard

import (
	"container/heap"
	"time"
)

// Until says how long the loop may wait at now before the next timer
// is due: 0 if one is already due, and -1 (no timeout) if there is
// none.
func (ts *Timers) Until(now time.Time) time.Duration {
	if len(ts.due) == 0 {
		return -1
	}
	return max(ts.due[0].when.Sub(now), 0)
}

// Fire calls every timer due at now, soonest first, and says how many
// it called. A timer's func may add timers; one already due fires in
// this same call.
func (ts *Timers) Fire(now time.Time) int {
	fired := 0
	for len(ts.due) > 0 && !ts.due[0].when.After(now) {
		t := heap.Pop(&ts.due).(*Timer)
		t.fire()
		fired++
	}
	return fired
}
