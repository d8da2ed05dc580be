package main

import (
	"bufio"
	"context"
	"net"
	"strings"
	"time"

	"github.com/holdtheline/holdtheline/workshop/caller"
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
		c.Err = err
		return c
	}
	defer conn.Close()
	c.Connected = time.Now()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	r := bufio.NewReader(conn)
	if _, err := r.ReadString('\n'); err != nil {
		c.Err = err
		return c
	}
	c.PickedUp = time.Now()

	replied := make(chan string, 1)
	go func() {
		line, _ := r.ReadString('\n')
		replied <- strings.TrimSuffix(line, "\n")
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
		case c.Reply = <-replied:
			c.Answered = time.Now()
			return c
		case <-tick.C:
		}
	}
}
