package switchboard

import (
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

// A step is where a call is.
type step uint8

const (
	pickingUp step = iota // saying the greeting
	hearing               // reading the question
	onHold                // looking the number up: a timer runs
	answering             // saying the answer, or an error line
)

// A waitFor is what a call waits for next. Every step of a call ends
// by returning one; the loop turns it into the poller's interest.
type waitFor uint8

const (
	forRead  waitFor = iota + 1 // the caller to say more
	forWrite                    // room in the line to say more
	forTimer                    // its timer: the lookup or the idle clock
	hungUp                      // nothing: the call is over
)

// interest is what the poller watches a line for while its call waits.
// Waiting for a timer, the line is watched for nothing.
var interest = [...]Interest{
	forRead: Readable, forWrite: Writable, forTimer: 0,
}

// A call is one caller's call. It is small on purpose: thousands of
// them wait at once, and they share the loop's read buffer.
type call struct {
	fd    int
	step  step
	want  Interest // what the poller watches the line for now
	out   []byte   // what is still to be said
	heard []byte   // the question so far, if it came in pieces
	timer *Timer   // the idle clock, or the lookup
	ring  func()   // what the timer calls, made once per call
}

// greeting is picking up, as bytes every call can point at.
var greeting = []byte(phone.Greeting)

// pickUp starts the call: say the greeting, and start the caller's
// idle clock.
func (c *call) pickUp(sb *Switchboard) waitFor {
	c.ring = func() { sb.follow(c, c.timeUp(sb)) }
	c.step, c.out = pickingUp, greeting
	c.timer = sb.timers.After(sb.idle, c.ring)
	return c.say()
}

// ready is the loop telling the call its line is ready. A line may be
// ready for more than the call waits for (a hang-up is both): do only
// what the call's step waits for.
func (c *call) ready(sb *Switchboard, ready Interest) waitFor {
	switch {
	case c.step == hearing && ready&Readable != 0:
		return c.hear(sb)
	case c.step != hearing && c.step != onHold && ready&Writable != 0:
		return c.say()
	}
	return c.waiting()
}

// waiting is what the call waits for in its step.
func (c *call) waiting() waitFor {
	switch c.step {
	case hearing:
		return forRead
	case onHold:
		return forTimer
	}
	return forWrite
}

// hear reads what the caller said until the line has no more for now
// (EAGAIN) or the question is decided. It reads into the loop's one
// buffer, and keeps bytes only when a question comes in pieces.
func (c *call) hear(sb *Switchboard) waitFor {
	for {
		n, err := unix.Read(c.fd, sb.buf)
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN:
			return forRead // all read; the rest has not arrived
		case err != nil, n == 0:
			return hungUp // before the question was whole
		}
		said := sb.buf[:n]
		if len(c.heard) > 0 {
			// Only the first MaxLine bytes can make a question.
			room := phone.MaxLine - len(c.heard)
			c.heard = append(c.heard, said[:min(n, room)]...)
			said = c.heard
		}
		name, ok, err := phone.ParseQuestion(said)
		if why, bad := err.(phone.Error); bad {
			return c.answer(sb, []byte(why.Line()))
		}
		if ok {
			return c.hold(sb, name)
		}
		if len(c.heard) == 0 {
			c.heard = append(make([]byte, 0, phone.MaxLine), said...)
		}
	}
}

// hold puts the caller on hold: the answer is known, and a timer says
// when the lookup is over. The line is watched for nothing meanwhile.
func (c *call) hold(sb *Switchboard, name string) waitFor {
	sb.timers.Stop(c.timer)
	c.step, c.heard = onHold, nil
	c.out = []byte(phone.Answer(name))
	c.timer = sb.timers.After(sb.lookup, c.ring)
	return forTimer
}

// answer starts saying line, the answer or an error line, and then
// hangs up. A caller who does not read it may keep the line for the
// idle timeout, no longer.
func (c *call) answer(sb *Switchboard, line []byte) waitFor {
	sb.timers.Stop(c.timer)
	c.step, c.out, c.heard = answering, line, nil
	c.timer = sb.timers.After(sb.idle, c.ring)
	return c.say()
}

// timeUp is the call's timer going off: the lookup is over, or the
// caller's time is.
func (c *call) timeUp(sb *Switchboard) waitFor {
	c.timer = nil
	switch c.step {
	case onHold:
		return c.answer(sb, c.out)
	case hearing:
		return c.answer(sb, []byte(phone.ErrTooSlow.Line()))
	}
	// The caller took neither the greeting nor the answer in time.
	return hungUp
}
