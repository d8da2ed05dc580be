package caller

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// A Fleet is many callers calling one operator, all at once or ramped,
// so that every server can be loaded the same way and measured.
type Fleet struct {
	Addr string // the operator's host:port
	N    int    // how many callers, each making one call

	// Rate is how many callers start per second: caller i dials no
	// earlier than Start + i/Rate. Zero starts them all at once.
	Rate float64

	// MaxRinging caps the callers dialled but not yet picked up. The
	// kernel completes a connection before the operator accepts it,
	// so these callers sit in the listen backlog; a fleet capped at
	// or below the backlog never overflows it by accident. Zero means
	// no cap.
	MaxRinging int

	// Name gives caller i's name. Nil: a name from a short list of
	// people, then "caller-<i>", so no two callers ask the same.
	Name func(i int) string

	// Timeout bounds each call from dial to hang-up; 0 means a minute.
	Timeout time.Duration

	// Progress, if set, is told the count about every 200ms while the
	// fleet runs, and once at the end. It is never called twice at
	// the same time, and must return quickly.
	Progress func(Progress)
}

// Progress is the fleet's count of its callers at one moment.
type Progress struct {
	Started int // dialled
	Ringing int // dialled, not yet picked up
	OnHold  int // picked up, not yet done
	Done    int // over, however they ended: the four below

	Answered, Busy, Refused, Failed int

	Elapsed time.Duration // since the fleet started
}

// progressEvery is how often a running fleet reports its Progress.
const progressEvery = 200 * time.Millisecond

// Run starts the fleet's callers and returns when every call is over.
// When ctx is done the calls in flight stop, callers not yet started
// never dial, and Run returns as soon as the calls in flight have
// hung up, with every call recorded.
func (f Fleet) Run(ctx context.Context) Report {
	r := Report{Addr: f.Addr, Start: time.Now(),
		Calls: make([]Call, max(f.N, 0))}
	var count tally
	stopWatching := f.watch(&count, r.Start)
	ringing := newSlots(f.MaxRinging)

	var callers sync.WaitGroup
	for i := range r.Calls {
		name := f.name(i)
		if err := f.wait(ctx, r.Start, i, ringing); err != nil {
			never := fmt.Errorf("never dialled: %w", err)
			r.Calls[i] = Call{Name: name,
				Err: &StageError{StageDial, never}}
			count.neverDialled()
			continue
		}
		count.dialled()
		callers.Go(func() {
			r.Calls[i] = f.call(ctx, name, ringing, &count)
		})
	}
	callers.Wait()
	r.Elapsed = time.Since(r.Start)
	stopWatching()
	return r
}

// call is one caller's whole life: dial, and give back the ringing
// slot as soon as the phone stops ringing, however it stops.
func (f Fleet) call(ctx context.Context, name string, ringing slots,
	count *tally) Call {
	ctx, cancel := context.WithTimeout(ctx, f.timeout())
	defer cancel()
	pickedUp := false
	c := dial(ctx, f.Addr, name, func() {
		pickedUp = true
		ringing.give()
		count.pickedUp()
	})
	if !pickedUp {
		ringing.give()
	}
	count.done(c.Outcome(), pickedUp)
	return c
}

// wait holds caller i back until its turn in the ramp and a free
// ringing slot.
func (f Fleet) wait(ctx context.Context, start time.Time, i int,
	ringing slots) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if f.Rate > 0 {
		turn := float64(i) / f.Rate * float64(time.Second)
		t := time.NewTimer(time.Until(start.Add(time.Duration(turn))))
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return ringing.take(ctx)
}

func (f Fleet) name(i int) string {
	if f.Name != nil {
		return f.Name(i)
	}
	return defaultName(i)
}

func (f Fleet) timeout() time.Duration {
	if f.Timeout > 0 {
		return f.Timeout
	}
	return time.Minute
}

// watch tells f.Progress the count every progressEvery until the stop
// function it returns is called, and once more then: the final count.
func (f Fleet) watch(count *tally, start time.Time) (stop func()) {
	if f.Progress == nil {
		return func() {}
	}
	quit := make(chan struct{})
	var watcher sync.WaitGroup
	watcher.Go(func() {
		tick := time.NewTicker(progressEvery)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				f.Progress(count.now(start))
			case <-quit:
				return
			}
		}
	})
	return func() {
		close(quit)
		watcher.Wait()
		f.Progress(count.now(start))
	}
}
