package operator

import (
	"errors"
	"net"
	"sync"
	"time"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

// Goroutines is the same operator on Go's own coroutines: a goroutine
// a call, written as if blocking, on net. Under it is what this chapter
// built by hand: one epoll (the runtime's netpoller) that parks a
// goroutine where it would block and resumes it when its fd is ready,
// but spread over every core, with preemption, growable stacks and
// deadlines built in.
type Goroutines struct {
	ln     net.Listener
	lookup time.Duration
	idle   time.Duration
	calls  sync.WaitGroup
}

// NewGoroutines makes the operator on ln.
func NewGoroutines(ln net.Listener, lookup, idle time.Duration) *Goroutines {
	return &Goroutines{ln: ln, lookup: lookup, idle: idle}
}

// Serve picks up every caller, a goroutine each, until StopPickingUp,
// then waits for the calls picked up.
func (g *Goroutines) Serve() error {
	defer g.calls.Wait()
	for {
		c, err := g.ln.Accept()
		switch {
		case errors.Is(err, net.ErrClosed):
			return nil
		case err != nil:
			// Out of fds, most likely: callers wait in the backlog.
			time.Sleep(restFor)
		default:
			g.calls.Go(func() { g.answer(c) })
		}
	}
}

// StopPickingUp closes the listener; Serve then waits for the calls.
func (g *Goroutines) StopPickingUp() { g.ln.Close() }

// answer is Answer, with net's deadlines in place of the loop's.
func (g *Goroutines) answer(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(g.idle))
	if _, err := c.Write([]byte(phone.Greeting)); err != nil {
		return
	}
	var buf [phone.MaxLine]byte
	n := 0
	for {
		name, ok, err := phone.ParseQuestion(buf[:n])
		var refusal phone.Error
		switch {
		case errors.As(err, &refusal):
			g.say(c, refusal.Line())
			return
		case ok:
			time.Sleep(g.lookup) // on hold: this goroutine parks
			g.say(c, phone.Answer(name))
			return
		}
		m, err := c.Read(buf[n:])
		var timeout net.Error
		switch {
		case errors.As(err, &timeout) && timeout.Timeout():
			g.say(c, phone.ErrTooSlow.Line())
			return
		case err != nil:
			return // hung up
		}
		n += m
	}
}

// say writes one line, with idle to write it in.
func (g *Goroutines) say(c net.Conn, line string) {
	c.SetWriteDeadline(time.Now().Add(g.idle))
	c.Write([]byte(line))
}
