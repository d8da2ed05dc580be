package caller

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// WriteTable writes the report's summary as a short aligned table, the
// way the callers command prints it:
//
//	callers   100 to 127.0.0.1:7001 in 2.03s
//	answered  98
//	busy      2
//	refused   0
//	failed    0
//	waits     p50    p90    p99    max    over
//	connect   52µs   90µs   1s     1s     100 connected
//	ringing   41µs   1s     1.01s  1.01s  100 picked up
//	on hold   1s     1s     1s     1s     98 answered
//
// Each row of waits is over the calls the last column counts: p50 is
// the wait half of them did not exceed (the median), p90 nine in ten,
// p99 ninety-nine in a hundred, max the longest. Connect is from the
// dial until connect(2) returned: a SYN the kernel dropped because the
// backlog was full is sent again a second later, inside connect, so a
// full backlog shows here and not in ringing. Ringing is from then
// until the greeting (or a busy signal); on hold, from the greeting
// until the answer.
//
// After it comes the first call that failed and the first refused, if
// any: one real error explains more than a count.
func (r Report) WriteTable(w io.Writer) error {
	s := r.Summary()
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintf(tw, "callers\t%d to %s in %s\n",
		s.N, r.Addr, short(s.Elapsed))
	fmt.Fprintf(tw, "answered\t%d\n", s.Answered)
	fmt.Fprintf(tw, "busy\t%d\n", s.Busy)
	fmt.Fprintf(tw, "refused\t%d\n", s.Refused)
	fmt.Fprintf(tw, "failed\t%d\n", s.Failed)
	fmt.Fprintf(tw, "waits\tp50\tp90\tp99\tmax\tover\n")
	row(tw, "connect", s.Connect, r.count(connected), "connected")
	row(tw, "ringing", s.Ringing, r.count(pickedUp), "picked up")
	row(tw, "on hold", s.OnHold, s.Answered, "answered")
	for _, o := range []Outcome{Failed, Refused} {
		if i := r.first(o); i >= 0 {
			c := r.Calls[i]
			fmt.Fprintf(tw, "first %s: caller %d %q\n  %v\n",
				o, i, c.Name, c.Err)
		}
	}
	return tw.Flush()
}

// row writes one line of waits. Waits over no calls are "-", not 0s:
// nobody waited no time.
func row(w io.Writer, what string, q Quantiles, n int, over string) {
	cells := []any{what, "-", "-", "-", "-", n, over}
	if n > 0 {
		cells = []any{what, short(q.P50), short(q.P90), short(q.P99),
			short(q.Max), n, over}
	}
	fmt.Fprintf(w, "%s\t%v\t%v\t%v\t%v\t%d %s\n", cells...)
}

func connected(c Call) bool { return !c.Connected.IsZero() }

func pickedUp(c Call) bool { return !c.PickedUp.IsZero() }

func (r Report) count(match func(Call) bool) int {
	n := 0
	for _, c := range r.Calls {
		if match(c) {
			n++
		}
	}
	return n
}

// first returns the index of the first call that ended as o, or -1.
func (r Report) first(o Outcome) int {
	for i, c := range r.Calls {
		if c.Outcome() == o {
			return i
		}
	}
	return -1
}

// short rounds d to three significant digits: 1.0034s is 1s and
// 41.237µs is 41.2µs. A table is for comparing, and nanoseconds of a
// one-second wait are noise.
func short(d time.Duration) time.Duration {
	unit := time.Duration(1)
	for d >= 1000*unit && unit < time.Hour {
		unit *= 10
	}
	return d.Round(unit)
}
