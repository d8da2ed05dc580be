package caller

import (
	"context"
	"sync"
	"time"
)

// A tally is the fleet's running count. One lock keeps it consistent:
// a caller moves from ringing to on hold to done in one step, so every
// Progress adds up.
type tally struct {
	mu sync.Mutex
	p  Progress
}

func (t *tally) dialled() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.p.Started++
	t.p.Ringing++
}

func (t *tally) pickedUp() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.p.Ringing--
	t.p.OnHold++
}

// done counts a dialled call that is over.
func (t *tally) done(o Outcome, pickedUp bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if pickedUp {
		t.p.OnHold--
	} else {
		t.p.Ringing--
	}
	t.over(o)
}

// neverDialled counts a caller the fleet stopped before its turn.
func (t *tally) neverDialled() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.over(Failed)
}

// over counts a call that ended as o. The caller holds t.mu.
func (t *tally) over(o Outcome) {
	t.p.Done++
	switch o {
	case Answered:
		t.p.Answered++
	case Busy:
		t.p.Busy++
	case Refused:
		t.p.Refused++
	default:
		t.p.Failed++
	}
}

func (t *tally) now(start time.Time) Progress {
	t.mu.Lock()
	defer t.mu.Unlock()
	p := t.p
	p.Elapsed = time.Since(start)
	return p
}

// slots is a counting semaphore: a caller takes one to ring and gives
// it back at pick-up. A nil slots has no cap.
type slots chan struct{}

func newSlots(n int) slots {
	if n <= 0 {
		return nil
	}
	return make(slots, n)
}

func (s slots) take(ctx context.Context) error {
	if s == nil {
		return nil
	}
	select {
	case s <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s slots) give() {
	if s != nil {
		<-s
	}
}
