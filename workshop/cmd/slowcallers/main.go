// Command slowcallers draws the timeline of normal callers stuck behind
// deliberately slow ones. The slow callers dial first and trickle their
// question one byte at a time; the normal callers dial a moment later
// and ask at once. It prints when each caller dialled, was picked up
// and was answered, from the start of the run:
//
//	go run ./workshop/cmd/slowcallers -addr 127.0.0.1:7003 -slow 4 -n 4
//
// The slow callers are what an attacker needs to starve a thread pool
// (Slowloris): a handful of connections, a byte now and then. Chapters
// 03 to 05 run it against their operators.
//
// The exit status is 0 when every caller got a line back (an answer,
// "too slow", "busy": the operator decides), 1 when any call failed
// without one (a dead line, a broken protocol), and 2 for bad flags.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/holdtheline/holdtheline/workshop/caller"
)

// what is the one line -h gives on what the command is.
const what = "a timeline of normal callers stuck behind slow ones"

// runFor bounds a whole run: far longer than any operator's idle
// timeout lets a slow caller last, so only a server that never hangs
// up runs into it.
const runFor = 5 * time.Minute

// A run is what the flags ask for.
type run struct {
	addr   string
	slow   int           // slow callers, dialling first
	normal int           // normal callers, dialling after
	every  time.Duration // a slow caller says a byte this often
	after  time.Duration // the normal callers dial this much later
}

func main() {
	os.Exit(command(os.Args[1:], os.Stdout, os.Stderr))
}

// command is the whole program, so a test can run it in-process; it
// returns the exit status.
func command(args []string, stdout, stderr io.Writer) int {
	r, err := parse(args, stderr)
	if err == flag.ErrHelp {
		return 0
	}
	if err != nil {
		return 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), runFor)
	defer cancel()
	start := time.Now()
	calls := r.calls(ctx)
	if err := timeline(stdout, calls, start); err != nil {
		fmt.Fprintln(stderr, "slowcallers:", err)
		return 1
	}
	for _, c := range calls {
		if c.Reply == "" {
			return 1
		}
	}
	return 0
}

// parse reads the flags.
func parse(args []string, stderr io.Writer) (run, error) {
	var r run
	fs := flag.NewFlagSet("slowcallers", flag.ContinueOnError)
	fs.SetOutput(stderr)
	// Named for the program, not os.Args[0]: under go run that is a
	// path in the build cache, which tells a reader nothing.
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "slowcallers: %s\n\n"+
			"Usage of slowcallers:\n", what)
		fs.PrintDefaults()
	}
	fs.StringVar(&r.addr, "addr", "127.0.0.1:7003",
		"the operator's host:port")
	fs.IntVar(&r.slow, "slow", 4, "how many slow callers")
	fs.IntVar(&r.normal, "n", 4, "how many normal callers")
	fs.DurationVar(&r.every, "every", time.Second,
		"a slow caller says one byte this often")
	fs.DurationVar(&r.after, "after", 500*time.Millisecond,
		"the normal callers dial this long after the slow ones")
	if err := fs.Parse(args); err != nil {
		return r, err
	}
	switch {
	case fs.NArg() > 0:
		return r, usage(fs, "unexpected arguments: %q", fs.Args())
	case r.slow < 0 || r.normal < 0 || r.after < 0:
		return r, usage(fs, "-slow, -n and -after must not be negative")
	case r.every <= 0:
		return r, usage(fs, "-every must be positive")
	}
	return r, nil
}

func usage(fs *flag.FlagSet, format string, a ...any) error {
	err := fmt.Errorf(format, a...)
	fmt.Fprintln(fs.Output(), "slowcallers:", err)
	fs.Usage()
	return err
}

// calls makes every call of the run and returns them, the slow ones
// first.
func (r run) calls(ctx context.Context) []caller.Call {
	calls := make([]caller.Call, r.slow+r.normal)
	var wg sync.WaitGroup
	for i := range r.slow {
		wg.Go(func() {
			name := fmt.Sprintf("slow-%d", i+1)
			calls[i] = trickle(ctx, r.addr, name, r.every)
		})
	}
	time.Sleep(r.after)
	for i := range r.normal {
		wg.Go(func() {
			name := fmt.Sprintf("normal-%d", i+1)
			calls[r.slow+i] = caller.Dial(ctx, r.addr, name)
		})
	}
	wg.Wait()
	return calls
}

// timeline writes one row per caller, instants measured from start
// and rounded to 10 ms: the table is read by eye.
func timeline(w io.Writer, calls []caller.Call, start time.Time) error {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "caller\tdialled\tpicked up\treplied\trang\treply")
	at := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.Sub(start).Round(10 * time.Millisecond).String()
	}
	for _, c := range calls {
		reply := c.Reply
		if c.Err != nil && reply == "" {
			reply = c.Err.Error()
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", c.Name, at(c.Dialed),
			at(c.PickedUp), at(c.Answered),
			c.Ringing().Round(10*time.Millisecond), reply)
	}
	return tw.Flush()
}
