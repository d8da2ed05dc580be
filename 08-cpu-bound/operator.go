package main

import (
	"errors"
	"time"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/06-callbacks/records"
	"github.com/holdtheline/holdtheline/07-coroutines/coro"
	"github.com/holdtheline/holdtheline/07-coroutines/operator"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// An Operator is one loop, on one thread, taking calls on one line as
// chapter 07's coroutines do (07's receptionist picks up), and asking
// for each number through chapter 06's lookup seam. Who does the
// reading is the strategy's choice: the seam does not tell her.
type Operator struct {
	*operator.Coroutines
	lookup records.Lookup // finds a number, and calls back on the loop
	wait   time.Duration  // -lookup: the I/O wait each lookup adds
	idle   time.Duration
}

// NewOperator makes an operator on a fresh loop that waits with p.
// The lookup is made with the loop, so a strategy can post to it.
func NewOperator(line int, p switchboard.Poller, wait, idle time.Duration,
	lookup func(*switchboard.Loop) records.Lookup) (*Operator, error) {
	o := &Operator{wait: wait, idle: idle}
	rc, err := operator.Taking(line, p, o.answer)
	if err != nil {
		return nil, err
	}
	o.Coroutines = rc
	o.lookup = lookup(o.Loop())
	return o, nil
}

// Loop is the loop the operator runs on.
func (o *Operator) Loop() *switchboard.Loop { return o.Scheduler().Loop() }

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
