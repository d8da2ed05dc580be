// Command slowcallers draws the timeline of normal callers stuck behind
// deliberately slow ones. The slow callers dial first and trickle their
// question one byte at a time; the normal callers dial a moment later
// and ask at once. It prints when each caller was picked up and when
// it was answered, from the start of the run:
//
//	go run ./cmd/slowcallers -addr 127.0.0.1:7003 -slow 4 -n 4
//
// The slow callers are what an attacker needs to starve a thread pool
// (Slowloris): a handful of connections, a byte now and then.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/holdtheline/holdtheline/workshop/caller"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:7003", "the operator's host:port")
	slow := flag.Int("slow", 4, "how many slow callers")
	normal := flag.Int("n", 4, "how many normal callers")
	every := flag.Duration("every", time.Second,
		"a slow caller says one byte this often")
	after := flag.Duration("after", 500*time.Millisecond,
		"the normal callers dial this long after the slow ones")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	start := time.Now()
	calls := make([]caller.Call, *slow+*normal)
	var wg sync.WaitGroup
	for i := range *slow {
		wg.Go(func() {
			name := fmt.Sprintf("slow-%d", i+1)
			calls[i] = trickle(ctx, *addr, name, *every)
		})
	}
	time.Sleep(*after)
	for i := range *normal {
		wg.Go(func() {
			name := fmt.Sprintf("normal-%d", i+1)
			calls[*slow+i] = caller.Dial(ctx, *addr, name)
		})
	}
	wg.Wait()
	print(calls, start)
}

// print writes the timeline: one row per caller, the slow ones first,
// instants measured from start.
func print(calls []caller.Call, start time.Time) {
	tw := tabwriter.NewWriter(os.Stdout, 0, 8, 2, ' ', 0)
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
	tw.Flush()
}
