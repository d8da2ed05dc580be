package caller_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/holdtheline/holdtheline/workshop/caller"
)

func ExampleDial() {
	addr, hangUp := serve(answering(10*time.Millisecond), false)
	defer hangUp()

	c := caller.Dial(context.Background(), addr, "Grace Hopper")

	fmt.Println(c.Reply)
	fmt.Println(c.Outcome(), c.Err)
	fmt.Println(c.OnHold() >= 10*time.Millisecond)
	// Output:
	// Grace Hopper: 555-5803
	// answered <nil>
	// true
}

// A report of four calls: two answered after ringing for a moment and
// holding about a second (one of them connected only when its SYN was
// sent again, a second later), one busy signal, and one line that was
// dead.
func ExampleReport_WriteTable() {
	r := caller.Report{
		Addr:    "127.0.0.1:7001",
		Elapsed: 1500 * time.Millisecond,
		Calls: []caller.Call{
			answered("alice", 120*time.Microsecond, time.Second),
			synRetried(answered("Grace Hopper", 250*time.Millisecond,
				1001234*time.Microsecond), time.Second),
			gotBusy(80 * time.Microsecond),
			neverConnected("dave"),
		},
	}
	r.WriteTable(os.Stdout)
	// Output:
	// callers   4 to 127.0.0.1:7001 in 1.5s
	// answered  2
	// busy      1
	// refused   0
	// failed    1
	// waits     p50    p90    p99    max    over
	// connect   1ms    1s     1s     1s     3 connected
	// ringing   120µs  250ms  250ms  250ms  3 picked up
	// on hold   1s     1s     1s     1s     2 answered
	// first failed: caller 3 "dave"
	//   dial: dial tcp 127.0.0.1:7001: connection refused
}
