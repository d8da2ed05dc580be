package switchboard

import (
	"container/heap"
	"time"
)

// A Timer is one deadline: when it is due, the loop calls its func.
type Timer struct {
	when time.Time
	fire func()
	at   int // its place in the heap; -1 once fired or stopped
}

// Timers are every deadline the loop keeps, in a heap ordered by when
// they are due, so the next one is always first: that is how long the
// loop may wait. A lookup is a Timer, and so is each caller's idle
// clock. Nothing sleeps.
type Timers struct {
	due timerHeap
}

// At adds a timer that calls fire at when (or at the first Fire after).
func (ts *Timers) At(when time.Time, fire func()) *Timer {
	t := new(Timer)
	ts.Set(t, when, fire)
	return t
}

// Set arms t to call fire at when; t armed already is moved. t is a
// Timer its owner keeps, inside a struct of its own, so that arming it
// allocates nothing: a call holds its clock this way. The zero Timer
// is not armed.
func (ts *Timers) Set(t *Timer, when time.Time, fire func()) {
	t.when, t.fire = when, fire
	if ts.armed(t) {
		heap.Fix(&ts.due, t.at)
		return
	}
	heap.Push(&ts.due, t)
}

// After adds a timer that calls fire d from now.
func (ts *Timers) After(d time.Duration, fire func()) *Timer {
	return ts.At(time.Now().Add(d), fire)
}

// Stop removes t, if it has not fired yet, and says whether it had not.
func (ts *Timers) Stop(t *Timer) bool {
	if !ts.armed(t) {
		return false
	}
	heap.Remove(&ts.due, t.at)
	return true
}

// armed says whether t waits in the heap. Its place alone cannot say:
// the zero Timer's is 0, the place of whichever timer is first.
func (ts *Timers) armed(t *Timer) bool {
	return t != nil && t.at >= 0 && t.at < len(ts.due) && ts.due[t.at] == t
}

// Len is how many timers are waiting.
func (ts *Timers) Len() int { return len(ts.due) }

// timerHeap is a container/heap of timers, soonest first. Each timer
// knows its place, so Stop takes it out in O(log n).
type timerHeap []*Timer

func (h timerHeap) Len() int           { return len(h) }
func (h timerHeap) Less(i, j int) bool { return h[i].when.Before(h[j].when) }
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].at, h[j].at = i, j
}
func (h *timerHeap) Push(x any) {
	t := x.(*Timer)
	t.at = len(*h)
	*h = append(*h, t)
}
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil // let the fired timer's func be collected
	*h = old[:len(old)-1]
	t.at = -1
	return t
}
