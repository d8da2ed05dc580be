package caller

import (
	"math"
	"slices"
	"time"

	"gonum.org/v1/gonum/stat"
)

// A Report is what a fleet's run recorded.
type Report struct {
	Addr    string        // the operator called
	Start   time.Time     // when the fleet started
	Elapsed time.Duration // until the last call was over
	Calls   []Call        // caller i's call is Calls[i]
}

// A Summary is a Report in a few numbers: how the calls ended, and how
// long callers took to connect, rang and were on hold.
type Summary struct {
	N, Answered, Busy, Refused, Failed int

	Connect Quantiles // over the calls that connected
	Ringing Quantiles // over the calls that were picked up
	OnHold  Quantiles // over the calls that were answered
	Elapsed time.Duration
}

// Quantiles are points of a distribution of waits: half the callers
// waited P50 or less, nine in ten P90 or less, and so on. The median
// says what is typical; P99 and Max say what the unlucky got.
type Quantiles struct{ P50, P90, P99, Max time.Duration }

// Summary counts the outcomes and takes the quantiles of the waits.
// Connect counts every call that connected, however it ended.
// Ringing counts busy signals too: picking up to say "busy" still ends
// the ringing. On hold counts only answers, the waits a caller wanted.
func (r Report) Summary() Summary {
	s := Summary{N: len(r.Calls), Elapsed: r.Elapsed}
	var connect, ringing, onHold []time.Duration
	for _, c := range r.Calls {
		if connected(c) {
			connect = append(connect, c.Connect())
		}
		if !c.PickedUp.IsZero() {
			ringing = append(ringing, c.Ringing())
		}
		switch c.Outcome() {
		case Answered:
			s.Answered++
			onHold = append(onHold, c.OnHold())
		case Busy:
			s.Busy++
		case Refused:
			s.Refused++
		default:
			s.Failed++
		}
	}
	s.Connect = quantiles(connect)
	s.Ringing = quantiles(ringing)
	s.OnHold = quantiles(onHold)
	return s
}

// quantiles takes the empirical quantiles of waits: each is a wait
// that some caller really had, never one between two.
func quantiles(waits []time.Duration) Quantiles {
	if len(waits) == 0 {
		return Quantiles{}
	}
	xs := make([]float64, len(waits))
	for i, d := range waits {
		xs[i] = d.Seconds()
	}
	slices.Sort(xs) // stat.Quantile wants its data sorted
	at := func(p float64) time.Duration {
		return seconds(stat.Quantile(p, stat.Empirical, xs, nil))
	}
	return Quantiles{P50: at(0.50), P90: at(0.90), P99: at(0.99),
		Max: seconds(xs[len(xs)-1])}
}

// seconds turns float seconds back into a Duration, rounding to the
// nanosecond so 0.05 s is 50ms and not 49.999999ms.
func seconds(s float64) time.Duration {
	return time.Duration(math.Round(s * float64(time.Second)))
}
