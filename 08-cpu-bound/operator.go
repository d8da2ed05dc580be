package main

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/06-callbacks/records"
	"github.com/holdtheline/holdtheline/07-coroutines/coro"
	"github.com/holdtheline/holdtheline/07-coroutines/operator"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// restFor is how long the receptionist rests when accept(2) runs out
// of fds: callers wait in the backlog, and nobody spins.
const restFor = 100 * time.Millisecond

// An Operator is one loop, on one thread, taking calls on one line as
// chapter 07's coroutines, and asking for each number through chapter
// 06's lookup seam. Who does the reading is the strategy's choice: the
// seam does not tell her.
type Operator struct {
	s      *coro.Scheduler
	line   int            // the listening socket; -1 once closed
	lookup records.Lookup // finds a number, and calls back on the loop
	wait   time.Duration  // -lookup: the I/O wait each lookup adds
	idle   time.Duration

	calls    int // picked up and not yet hung up
	stopping bool
	picker   *coro.Co // the receptionist
	broke    error
}

// NewOperator makes an operator on a fresh loop that waits with p.
// The lookup is made with the loop, so a strategy can post to it.
func NewOperator(line int, p switchboard.Poller, wait, idle time.Duration,
	lookup func(*switchboard.Loop) records.Lookup) (*Operator, error) {
	if err := unix.SetNonblock(line, true); err != nil {
		p.Close()
		return nil, err
	}
	loop, err := switchboard.NewLoop(p)
	if err != nil {
		return nil, err
	}
	return &Operator{s: coro.New(loop), line: line, lookup: lookup(loop),
		wait: wait, idle: idle}, nil
}

// Loop is the loop the operator runs on.
func (o *Operator) Loop() *switchboard.Loop { return o.s.Loop() }

// Serve runs the loop until every call picked up before StopPickingUp
// is over.
func (o *Operator) Serve() error {
	o.s.Go(o.receptionist)
	err := o.s.Loop().Run()
	if o.line >= 0 {
		unix.Close(o.line)
	}
	return errors.Join(err, o.s.Misused(), o.broke)
}

// receptionist picks up every caller and hands each call to a new
// coroutine, until StopPickingUp.
func (o *Operator) receptionist(co *coro.Co) {
	o.picker = co
	for !o.stopping {
		fd, err := co.Accept(o.line)
		switch {
		case o.stopping:
			if err == nil {
				unix.Close(fd) // rang as we closed: never picked up
			}
		case err == nil:
			o.calls++
			o.s.Go(func(co *coro.Co) {
				defer o.hungUp()
				o.answer(co, fd)
			})
		case err == unix.EMFILE || err == unix.ENFILE ||
			err == unix.ENOBUFS || err == unix.ENOMEM:
			co.Sleep(restFor)
		case err != unix.EINTR && err != unix.ECONNABORTED &&
			err != coro.ErrWoken:
			o.broke = fmt.Errorf("accept: %w", err)
			o.stopping = true
		}
	}
	co.Close(o.line)
	o.line = -1
	o.closeIfDone()
}

// answer takes one call: pick up, hear the question (07's
// ReadQuestion), put the caller on hold while the number is found,
// answer, hang up.
func (o *Operator) answer(co *coro.Co, fd int) {
	defer co.Close(fd)
	deadline := time.Now().Add(o.idle)
	if co.Write(fd, []byte(phone.Greeting), deadline) != nil {
		return // hung up while it rang
	}
	name, err := operator.ReadQuestion(co, fd, deadline)
	var refusal phone.Error
	switch {
	case errors.As(err, &refusal):
		co.Write(fd, []byte(refusal.Line()), time.Now().Add(o.idle))
		return
	case err != nil:
		return // hung up before asking
	}
	number, err := o.onHold(co, name)
	switch {
	case errors.Is(err, coro.ErrEnded):
		return
	case err != nil:
		co.Write(fd, []byte(phone.ErrLookupFailed.Line()),
			time.Now().Add(o.idle))
		return
	}
	co.Write(fd, []byte(name+": "+number+"\n"), time.Now().Add(o.idle))
}

// onHold asks the lookup seam for name's number and parks until it
// calls back, then waits -lookup, the I/O part of a lookup, on the
// loop's clock.
func (o *Operator) onHold(co *coro.Co, name string) (string, error) {
	var number string
	var failed error
	wake := co.Waker()
	o.lookup(name, func(n string, err error) {
		number, failed = n, err
		wake()
	})
	if err := co.Park(); err != nil {
		return "", err
	}
	if failed != nil {
		return "", failed
	}
	if o.wait > 0 {
		if err := co.Sleep(o.wait); err != nil {
			return "", err
		}
	}
	return number, nil
}

// hungUp notes a call over.
func (o *Operator) hungUp() {
	o.calls--
	o.closeIfDone()
}

// closeIfDone closes the loop once the line is down and the last call
// over.
func (o *Operator) closeIfDone() {
	if o.stopping && o.line < 0 && o.calls == 0 {
		o.s.Loop().Close()
	}
}

// StopPickingUp wakes the receptionist to put the phone line down.
// Safe from any goroutine.
func (o *Operator) StopPickingUp() {
	o.s.Loop().Post(func() {
		o.stopping = true
		if o.picker != nil {
			o.s.Wake(o.picker)
		}
	})
}
