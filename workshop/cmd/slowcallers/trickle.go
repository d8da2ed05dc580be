package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/holdtheline/holdtheline/workshop/caller"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// trickle makes one deliberately slow call: it waits for the greeting,
// then says its name one byte every interval, and keeps going until
// the operator replies. Nothing in the protocol forbids it; only the
// idle timeout ends it.
func trickle(ctx context.Context, addr, name string,
	every time.Duration) caller.Call {
	c := caller.Call{Name: name, Dialed: time.Now()}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		c.Err = &caller.StageError{Stage: caller.StageDial, Err: err}
		return c
	}
	defer conn.Close()
	c.Connected = time.Now()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	r := bufio.NewReader(conn)
	greeting, err := r.ReadString('\n')
	if err != nil {
		c.Err = &caller.StageError{Stage: caller.StageGreeting, Err: err}
		return c
	}
	c.PickedUp = time.Now()
	if greeting != phone.Greeting {
		// A busy operator picks up only to say so: that is its reply.
		c.Reply = strings.TrimSuffix(greeting, "\n")
		why := fmt.Errorf("%w: %q", caller.ErrNotAGreeting, c.Reply)
		if reply, ok := phone.ParseReply(c.Reply); ok && reply.Err != "" {
			why = reply.Err
		}
		c.Err = &caller.StageError{Stage: caller.StageGreeting, Err: why}
		return c
	}

	type line struct {
		text string
		err  error
	}
	replied := make(chan line, 1)
	go func() {
		text, err := r.ReadString('\n')
		replied <- line{strings.TrimSuffix(text, "\n"), err}
	}()
	said := name + "\n"
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if said != "" {
			conn.Write([]byte(said[:1])) // a failed write: the reply tells
			said = said[1:]
		}
		select {
		case l := <-replied:
			if l.err != nil {
				// No line: the operator hung up, or the run ran
				// out of time.
				c.Err = &caller.StageError{Stage: caller.StageReply,
					Err: l.err}
				return c
			}
			c.Answered, c.Reply = time.Now(), l.text
			return c
		case <-tick.C:
		}
	}
}
