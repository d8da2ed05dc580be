package operator

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/holdtheline/holdtheline/06-callbacks/records"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// Goroutines is the same operator on Go's own coroutines: a goroutine
// a call, written as if blocking, on net. Under it is what this
// chapter built by hand: one epoll (the runtime's netpoller) that
// parks a goroutine where it would block and resumes it when its fd is
// ready; but spread over every core, with preemption, stacks that grow,
// and deadlines built in.
type Goroutines struct {
	ln    net.Listener
	desk  Desk
	log   func(error)
	calls sync.WaitGroup
}

// NewGoroutines makes the operator on ln.
func NewGoroutines(ln net.Listener, d Desk, log func(error)) *Goroutines {
	return &Goroutines{ln: ln, desk: d, log: log}
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
			time.Sleep(restFor) // out of fds: callers wait in the backlog
		default:
			g.calls.Go(func() {
				if err := g.answer(c); err != nil {
					g.log(err)
				}
			})
		}
	}
}

// StopPickingUp closes the listener; Serve then waits for the calls.
func (g *Goroutines) StopPickingUp() { g.ln.Close() }

// answer is Answer, with net's deadlines in place of the loop's.
func (g *Goroutines) answer(c net.Conn) error {
	defer c.Close()
	c.SetDeadline(time.Now().Add(g.desk.Idle))
	if _, err := c.Write([]byte(phone.Greeting)); err != nil {
		return nil
	}
	var buf [phone.MaxLine]byte
	n := 0
	for {
		name, ok, err := phone.ParseQuestion(buf[:n])
		var refusal phone.Error
		switch {
		case errors.As(err, &refusal):
			g.say(c, refusal.Line())
			return nil
		case ok:
			number, err := askRoom(g.desk, name)
			if err != nil {
				g.say(c, phone.ErrLookupFailed.Line())
				err = fmt.Errorf("the caller on %s asked for %q: %w",
					c.RemoteAddr(), name, err)
				if g.desk.Stacks {
					err = &Failure{Err: err, Stack: debug.Stack()}
				}
				return err
			}
			g.say(c, name+": "+number+"\n")
			return nil
		}
		m, err := c.Read(buf[n:])
		var timeout net.Error
		switch {
		case errors.As(err, &timeout) && timeout.Timeout():
			g.say(c, phone.ErrTooSlow.Line())
			return nil
		case err != nil:
			return nil // hung up
		}
		n += m
	}
}

// say writes one line, with idle to write it in.
func (g *Goroutines) say(c net.Conn, line string) {
	c.SetWriteDeadline(time.Now().Add(g.desk.Idle))
	c.Write([]byte(line))
}

// askRoom is AskRoom on net: dial, ask, read the number, by the budget.
func askRoom(d Desk, name string) (string, error) {
	deadline := time.Now().Add(d.Budget)
	c, err := net.DialTimeout("tcp", d.Records, d.Budget)
	if err != nil {
		return "", errors.Join(records.ErrDown, err)
	}
	defer c.Close()
	c.SetDeadline(deadline)
	if _, err := c.Write([]byte(name + "\n")); err != nil {
		return "", errors.Join(records.ErrHungUp, err)
	}
	line, err := bufio.NewReaderSize(c, 64).ReadString('\n')
	var timeout net.Error
	switch {
	case errors.As(err, &timeout) && timeout.Timeout():
		return "", errors.Join(records.ErrTooSlow, err)
	case err != nil:
		return "", fmt.Errorf("%s, after %q: %w", d.Records, line,
			errors.Join(records.ErrHungUp, err))
	}
	number := strings.TrimSuffix(line, "\n")
	if !phone.IsNumber(number) {
		return "", fmt.Errorf("%s said %q: %w", d.Records, line,
			records.ErrBadAnswer)
	}
	return number, nil
}
