package main

import (
	"errors"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

// operator picks up every call on line and gives each its own goroutine.
type operator struct {
	line         net.Listener
	lookup, idle time.Duration

	calls    sync.WaitGroup // one per call picked up and not yet over
	stopping atomic.Bool
}

// Serve accepts until StopPickingUp closes the line, then waits for the
// calls already picked up.
func (o *operator) Serve() error {
	backoff := time.Duration(0)
	for {
		conn, err := o.line.Accept()
		if err != nil {
			if o.stopping.Load() {
				o.calls.Wait()
				return nil
			}
			// Out of fds (EMFILE) the listener stays readable and
			// Accept fails at once: back off rather than spin, as
			// net/http does, and try again.
			var ne net.Error
			if errors.As(err, &ne) {
				backoff = min(max(2*backoff, 5*time.Millisecond),
					time.Second)
				time.Sleep(backoff)
				continue
			}
			return err
		}
		backoff = 0
		o.calls.Go(func() { o.answer(conn) })
	}
}

// StopPickingUp closes the line: the Accept in Serve returns.
func (o *operator) StopPickingUp() {
	o.stopping.Store(true)
	o.line.Close()
}

// answer is one whole call: greet, hear, hold, answer, hang up.
func (o *operator) answer(conn net.Conn) {
	defer conn.Close()
	pickedUp := time.Now()
	// The idle clock runs from pick-up; a caller who stops reading
	// cannot keep a write waiting past it either.
	conn.SetDeadline(pickedUp.Add(o.idle))
	if _, err := conn.Write([]byte(phone.Greeting)); err != nil {
		return
	}
	name, err := hear(conn)
	var refusal phone.Error
	switch {
	case errors.As(err, &refusal):
		// The deadline that made the caller too slow has passed for
		// writes too: give the last line a deadline of its own.
		conn.SetWriteDeadline(time.Now().Add(o.idle))
		conn.Write([]byte(refusal.Line()))
		return
	case err != nil:
		return // hung up before asking
	}
	time.Sleep(o.lookup) // on hold: this goroutine parks on a timer
	conn.SetWriteDeadline(time.Now().Add(o.idle))
	conn.Write([]byte(phone.Answer(name)))
}

// hear reads until the question is whole, or cannot be one. A read
// deadline that passes is the caller being too slow.
func hear(conn net.Conn) (string, error) {
	var buf [phone.MaxLine]byte
	n := 0
	for {
		m, err := conn.Read(buf[n:])
		n += m
		name, ok, bad := phone.ParseQuestion(buf[:n])
		switch {
		case bad != nil:
			return "", bad
		case ok:
			return name, nil
		case errors.Is(err, os.ErrDeadlineExceeded):
			return "", phone.ErrTooSlow
		case err != nil:
			return "", err
		}
	}
}
