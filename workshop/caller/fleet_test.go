package caller_test

import (
	"context"
	"net"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/caller"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

func TestAFleetRecordsEveryCallInCallerOrder(t *testing.T) {
	addr := serveT(t, answering(0))

	r := caller.Fleet{Addr: addr, N: 20}.Run(soon(t))

	require.Len(t, r.Calls, 20)
	for i, c := range r.Calls {
		require.NoError(t, c.Err, "caller %d", i)
	}
	assert.Equal(t, "alice", r.Calls[0].Name)
	assert.Equal(t, "Grace Hopper", r.Calls[6].Name)
	assert.Equal(t, "caller-19", r.Calls[19].Name)
	assert.Equal(t, addr, r.Addr)
	assert.Equal(t, 20, r.Summary().Answered)
	last := r.Start
	for _, c := range r.Calls {
		last = latest(last, c.Answered)
	}
	assert.False(t, r.Start.Add(r.Elapsed).Before(last))
}

func TestAFleetAsksTheNamesItIsGiven(t *testing.T) {
	f := caller.Fleet{Addr: serveT(t, answering(0)), N: 3,
		Name: func(int) string { return "bob" }}

	for _, c := range f.Run(soon(t)).Calls {
		assert.Equal(t, "bob: 555-4244", c.Reply)
	}
}

// ringingAtMost returns the most calls that were ringing at any one
// instant: dialled and not yet picked up.
func ringingAtMost(calls []caller.Call) int {
	type event struct {
		at   time.Time
		step int
	}
	var events []event
	for _, c := range calls {
		events = append(events, event{c.Dialed, +1},
			event{c.PickedUp, -1})
	}
	// At a tie the hang-up goes first: a caller frees its slot after
	// it records PickedUp, the next takes it before it records Dialed.
	slices.SortFunc(events, func(a, b event) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return a.step - b.step
	})
	most, now := 0, 0
	for _, e := range events {
		now += e.step
		most = max(most, now)
	}
	return most
}

func TestMaxRingingCapsCallersNotYetPickedUp(t *testing.T) {
	// One call at a time: the rest ring in the backlog, where only
	// the fleet's cap can keep their number down.
	addr, stop := serve(answering(50*time.Millisecond), true)
	t.Cleanup(stop)
	var mu sync.Mutex
	mostSeen := 0
	f := caller.Fleet{Addr: addr, N: 10, MaxRinging: 3,
		Progress: func(p caller.Progress) {
			mu.Lock()
			defer mu.Unlock()
			mostSeen = max(mostSeen, p.Ringing)
		}}

	capped := f.Run(soon(t))
	f.MaxRinging, f.Progress = 0, nil
	free := f.Run(soon(t))

	require.Equal(t, 10, capped.Summary().Answered)
	require.Equal(t, 10, free.Summary().Answered)
	assert.LessOrEqual(t, ringingAtMost(capped.Calls), 3)
	assert.LessOrEqual(t, mostSeen, 3)
	// Without the cap the same fleet rings more at once: the test can
	// tell the difference. The operator takes 50ms a call, so the
	// last callers ring for 400ms or more.
	assert.Greater(t, ringingAtMost(free.Calls), 3)
}

func TestRateSpacesOutStarts(t *testing.T) {
	addr := serveT(t, answering(0))
	const rate = 10 // a caller every 100ms
	f := caller.Fleet{Addr: addr, N: 5, Rate: rate}

	ramped := f.Run(soon(t))
	f.Rate = 0
	burst := f.Run(soon(t))

	for i, c := range ramped.Calls {
		require.NoError(t, c.Err)
		// A timer never fires early: caller i cannot dial before
		// its turn, however loaded the machine.
		turn := time.Duration(i) * time.Second / rate
		assert.GreaterOrEqual(t, c.Dialed.Sub(ramped.Start), turn,
			"caller %d", i)
	}
	// The ramp, not the machine, sets the spacing: the ramped starts
	// span 400ms or more, several times what a burst of 5 takes.
	assert.Greater(t, span(ramped.Calls), 3*span(burst.Calls))
}

// span is the time from the first caller's dial to the last's.
func span(calls []caller.Call) time.Duration {
	first, last := calls[0].Dialed, calls[0].Dialed
	for _, c := range calls {
		if c.Dialed.Before(first) {
			first = c.Dialed
		}
		last = latest(last, c.Dialed)
	}
	return last.Sub(first)
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func TestProgressAddsUpAndEndsWithTheFinalCount(t *testing.T) {
	addr := serveT(t, answering(600*time.Millisecond))
	var seen []caller.Progress
	f := caller.Fleet{Addr: addr, N: 4, Progress: func(p caller.Progress) {
		seen = append(seen, p) // never called twice at once
	}}

	r := f.Run(soon(t))

	require.NotEmpty(t, seen)
	onHold := 0
	for _, p := range seen {
		assert.Equal(t, p.Started, p.Ringing+p.OnHold+p.Done)
		assert.Equal(t, p.Done, p.Answered+p.Busy+p.Refused+p.Failed)
		onHold = max(onHold, p.OnHold)
	}
	assert.Equal(t, 4, onHold, "the reports came while all were on hold")
	final := seen[len(seen)-1]
	assert.Equal(t, caller.Progress{Started: 4, Done: 4, Answered: 4,
		Elapsed: final.Elapsed}, final)
	assert.GreaterOrEqual(t, final.Elapsed, r.Elapsed)
}

func TestATimeoutBoundsEachCall(t *testing.T) {
	var hungUp atomic.Int64
	f := caller.Fleet{Addr: serveT(t, silent(&hungUp)), N: 3,
		Timeout: 100 * time.Millisecond}

	r := f.Run(soon(t))

	for _, c := range r.Calls {
		assert.Equal(t, caller.Failed, c.Outcome())
		assert.ErrorIs(t, c.Err, context.DeadlineExceeded)
	}
	assert.GreaterOrEqual(t, r.Elapsed, 100*time.Millisecond)
}

func TestRunStopsEverythingWhenCtxIsDone(t *testing.T) {
	before := runtime.NumGoroutine()
	var calls, hungUp atomic.Int64
	addr, stop := serve(func(c net.Conn) {
		calls.Add(1)
		silent(&hungUp)(c)
	}, false)
	ctx, cancel := context.WithTimeout(t.Context(),
		250*time.Millisecond)
	defer cancel()
	// Ten callers a second for ten seconds: only the first few start
	// before ctx is done, and all would wait a minute on this line.
	f := caller.Fleet{Addr: addr, N: 100, Rate: 10}

	r := f.Run(ctx)

	assert.Less(t, r.Elapsed, 5*time.Second)
	dialled := 0
	for _, c := range r.Calls {
		assert.Equal(t, caller.Failed, c.Outcome())
		assert.ErrorIs(t, c.Err, context.DeadlineExceeded)
		if !c.Dialed.IsZero() {
			dialled++
		}
	}
	assert.Positive(t, dialled)
	assert.Less(t, dialled, 100)
	// Every line the callers opened, they hung up...
	assert.Eventually(t, func() bool {
		return calls.Load() > 0 && hungUp.Load() == calls.Load()
	}, 5*time.Second, 10*time.Millisecond)
	// ...and nothing the fleet started is still running.
	stop()
	assert.True(t, goroutinesDropTo(before, 5*time.Second),
		"goroutines: %d before, %d after", before,
		runtime.NumGoroutine())
}

// goroutinesDropTo polls until at most n goroutines run. It polls in
// this goroutine: assert.Eventually would add one of its own.
func goroutinesDropTo(n int, within time.Duration) bool {
	for end := time.Now().Add(within); time.Now().Before(end); {
		if runtime.NumGoroutine() <= n {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return false
}

func TestAnEmptyFleetReturnsAnEmptyReport(t *testing.T) {
	r := caller.Fleet{Addr: "127.0.0.1:1"}.Run(soon(t))
	assert.Empty(t, r.Calls)
	assert.Equal(t, caller.Summary{Elapsed: r.Elapsed}, r.Summary())
}

func TestBusySignalsCountAsBusy(t *testing.T) {
	f := caller.Fleet{Addr: serveT(t, saying(phone.ErrBusy.Line())), N: 5}
	s := f.Run(soon(t)).Summary()
	assert.Equal(t, 5, s.Busy)
	assert.Zero(t, s.OnHold)
}
