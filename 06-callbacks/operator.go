package main

import (
	"bytes"
	"errors"
	"time"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/06-callbacks/reactor"
	"github.com/holdtheline/holdtheline/06-callbacks/records"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// An Operator takes calls on a reactor, each as a chain of callbacks,
// and asks a Lookup for each number.
type Operator struct {
	r      *reactor.Reactor
	line   *reactor.Listener
	lookup records.Lookup
	idle   time.Duration
	open   int    // calls picked up and not over
	quiet  func() // once the line is closed: called when open is 0
	buf    []byte // the one read buffer every call reads into
}

// readBuffer is far more than a question, so a caller who floods the
// line is drained in few reads.
const readBuffer = 16 << 10

// openOperator picks up calls on line, through r.
func openOperator(r *reactor.Reactor, line int, lookup records.Lookup,
	idle time.Duration, broke func(error)) (*Operator, error) {
	o := &Operator{r: r, lookup: lookup, idle: idle,
		buf: make([]byte, readBuffer)}
	l, err := r.Listen(line, o.take, broke)
	if err != nil {
		return nil, err
	}
	o.line = l
	return o, nil
}

// take is one call, start to end: greet, hear the name, ask the
// records room, answer. Each step is a callback inside the one before,
// and each has its error path.
func (o *Operator) take(fd int) {
	c := &call{o: o, fd: fd}
	o.open++
	c.clock = o.r.After(o.idle, c.tooSlow)
	c.say(phone.Greeting, func(err error) {
		if err != nil {
			c.hangUp() // gone before the greeting
			return
		}
		c.hear(func(name string, err error) {
			if why, ok := errors.AsType[phone.Error](err); ok {
				c.answer(why.Line()) // too long, empty, too slow
				return
			}
			if err != nil {
				c.hangUp() // gone before the question was whole
				return
			}
			o.lookup(name, func(number string, err error) {
				if err != nil {
					c.answer(phone.ErrLookupFailed.Line())
					return
				}
				c.answer(name + ": " + number + "\n")
			})
		})
	})
}

// A call is what one caller's chain of callbacks shares.
type call struct {
	o        *Operator
	fd       int // -1 once hung up
	clock    *reactor.Timer
	out      []byte                       // what is still to be said
	sofar    []byte                       // the question so far, if it came in pieces
	saidMore bool                         // the caller said more than the question
	hearing  func(name string, err error) // set while hearing
}

// say writes text, waiting for room as needed, then calls next.
func (c *call) say(text string, next func(err error)) {
	c.out = []byte(text)
	c.write(next)
}

func (c *call) write(next func(err error)) {
	for len(c.out) > 0 {
		n, err := unix.Write(c.fd, c.out)
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN:
			c.wait(c.o.r.WhenWritable(c.fd, func() { c.write(next) }))
			return
		case err != nil:
			next(err) // EPIPE, ECONNRESET: nobody to say it to
			return
		}
		c.out = c.out[n:]
	}
	next(nil)
}

// hear reads until the question is whole, then calls heard, once:
// with the name, or with why there is none.
func (c *call) hear(heard func(name string, err error)) {
	c.hearing = heard
	c.wait(c.o.r.WhenReadable(c.fd, c.read))
}

// heard ends hearing: the question is whole, or will never be.
func (c *call) heard(name string, err error) {
	heard := c.hearing
	c.hearing, c.sofar = nil, nil
	c.o.r.Cancel(c.clock)
	c.clock = nil
	heard(name, err)
}

// read reads what the caller said into the operator's one buffer, and
// keeps bytes only while a question comes in pieces.
func (c *call) read() {
	for {
		n, err := unix.Read(c.fd, c.o.buf)
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN:
			c.wait(c.o.r.WhenReadable(c.fd, c.read))
			return
		case err != nil:
			c.heard("", err)
			return
		case n == 0:
			c.heard("", errHungUp)
			return
		}
		said := c.o.buf[:n]
		more := n == len(c.o.buf) // and more may be waiting
		if len(c.sofar) > 0 {
			// Only the first MaxLine bytes can make a question.
			room := phone.MaxLine - len(c.sofar)
			c.sofar = append(c.sofar, said[:min(n, room)]...)
			said, more = c.sofar, more || n > room
		}
		name, ok, err := phone.ParseQuestion(said)
		if ok || err != nil {
			c.saidMore = more || pastTheLine(said)
			c.heard(name, err)
			return
		}
		if len(c.sofar) == 0 {
			c.sofar = append(make([]byte, 0, phone.MaxLine), said...)
		}
	}
}

// errHungUp: the caller hung up before the question was whole.
var errHungUp = errors.New("the caller hung up")

// tooSlow is the idle clock: the question did not come in time, or the
// caller did not take the greeting or the answer.
func (c *call) tooSlow() {
	c.clock = nil
	if c.hearing != nil {
		c.o.r.Drop(c.fd)
		c.heard("", phone.ErrTooSlow)
		return
	}
	c.hangUp()
}

// answer says line, the answer or an error line, and hangs up. A
// caller who does not read it keeps the line for idle, no longer.
func (c *call) answer(line string) {
	c.clock = c.o.r.After(c.o.idle, c.hangUp)
	c.say(line, func(err error) {
		if err != nil || !c.saidMore {
			c.hangUp()
			return
		}
		c.hearOut()
	})
}

// hearOut hangs up gently on a caller who said more than the question.
// Closing a socket with bytes unread sends a reset (RST), not the end
// of the stream, and a reset can destroy the answer still in flight.
// So the write side is shut first, and the caller heard out until they
// hang up, lingerFor passes or lingerMost bytes came.
func (c *call) hearOut() {
	unix.Shutdown(c.fd, unix.SHUT_WR)
	c.o.r.Cancel(c.clock)
	c.clock = c.o.r.After(lingerFor, c.hangUp)
	var drained int
	var drain func()
	drain = func() {
		for drained < lingerMost {
			n, err := unix.Read(c.fd, c.o.buf)
			switch {
			case err == unix.EINTR:
				continue
			case err == unix.EAGAIN:
				c.wait(c.o.r.WhenReadable(c.fd, drain))
				return
			case err != nil, n == 0:
				c.hangUp() // heard out
				return
			}
			drained += n
		}
		c.hangUp()
	}
	drain()
}

// lingerFor and lingerMost bound hearing out: a caller who goes on
// talking after the answer gets the reset after all.
const (
	lingerFor  = time.Second
	lingerMost = 256 << 10
)

// pastTheLine says whether said goes on past the question's line: the
// newline, or MaxLine bytes without one.
func pastTheLine(said []byte) bool {
	end := bytes.IndexByte(said, '\n')
	if end < 0 {
		return len(said) > phone.MaxLine
	}
	return end+1 < len(said)
}

// wait hangs up if the reactor could not watch the line.
func (c *call) wait(err error) {
	if err != nil {
		c.hangUp()
	}
}

// hangUp ends the call, once: its clock, its callbacks, its fd.
func (c *call) hangUp() {
	if c.fd < 0 {
		return
	}
	c.o.r.Cancel(c.clock)
	c.clock = nil
	c.o.r.Close(c.fd)
	c.fd = -1
	c.o.open--
	c.o.maybeQuiet()
}

// Close stops picking up; quiet is called, on the loop, once every call
// already picked up is over (at once if none is).
func (o *Operator) Close(quiet func()) {
	o.line.Close()
	o.quiet = quiet
	o.maybeQuiet()
}

func (o *Operator) maybeQuiet() {
	if o.quiet != nil && o.open == 0 {
		q := o.quiet
		o.quiet = nil
		o.r.Soon(q)
	}
}
