//go:build !exercise04

// (Without the exercises' solutions the loop cannot answer, and an
// example cannot skip: under -tags exercise04 it is left out.)

package switchboard_test

import (
	"context"
	"fmt"
	"time"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/workshop/caller"
)

// A switchboard serves a listening socket with the Poller it is given;
// chapter 5 gives it epoll. StopPickingUp, from any goroutine, closes
// the line, and Serve returns once the calls picked up are over.
func ExampleNew() {
	line, addr, err := blocking.Listen("127.0.0.1:0", 128)
	if err != nil {
		fmt.Println(err)
		return
	}
	sb, err := switchboard.New(line, switchboard.Options{
		Lookup: 50 * time.Millisecond,
		Idle:   time.Second,
		Poller: switchboard.NewPoll(),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	served := make(chan error)
	go func() { served <- sb.Serve() }()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c := caller.Dial(ctx, addr, "Grace Hopper")
	fmt.Println(c.Reply, c.Err)

	sb.StopPickingUp()
	fmt.Println("served:", <-served)
	// Output:
	// Grace Hopper: 555-5803 <nil>
	// served: <nil>
}
