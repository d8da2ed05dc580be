package switchboard

import (
	"bytes"
	"time"

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
	hangingUp             // said all; hearing out a caller who says more
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
// them wait at once, and they share the loop's read buffer. Calls live
// in the switchboard's table by fd, and each is used again by every
// call its fd carries, so that picking up allocates nothing.
type call struct {
	sb       *Switchboard
	fd       int // -1 between calls
	step     step
	saidMore bool   // the caller said more than the question
	inPieces bool   // what the caller said so far is in sb.pieces
	unheard  int32  // bytes heard out while hanging up
	out      []byte // what is still to be said
	timer    Timer  // the idle clock, the lookup, or the hang-up

	// What the loop calls: the line is ready, or the timer is due.
	// Made once, the first time the fd carries a call.
	onReady func(Interest)
	ring    func()

	// answerBytes is where the answer or an error line is written:
	// "caller-12345: 555-1234\n" fits, and so does every error line.
	// A longer answer goes to the heap, one allocation.
	answerBytes [32]byte
}

// init readies a call in its place in the table, with the funcs the
// loop will call. They hold c alone, which holds the rest.
func (c *call) init(sb *Switchboard) {
	c.sb, c.fd = sb, -1
	c.onReady = func(ready Interest) { c.sb.follow(c, c.ready(c.sb, ready)) }
	c.ring = func() { c.sb.follow(c, c.timeUp(c.sb)) }
}

// greeting is picking up, as bytes every call can point at.
var greeting = []byte(phone.Greeting)

// pickUp starts the call on fd: say the greeting, and start the
// caller's idle clock. What the fd's last call left is cleared.
func (c *call) pickUp(sb *Switchboard, fd int) waitFor {
	c.fd, c.step, c.out = fd, pickingUp, greeting
	c.saidMore, c.unheard = false, 0
	sb.loop.Reset(&c.timer, sb.idle, c.ring)
	return c.said(sb, c.say())
}

// ready is the loop telling the call its line is ready. A line may be
// ready for more than the call waits for (a hang-up is both): do only
// what the call's step waits for.
func (c *call) ready(sb *Switchboard, ready Interest) waitFor {
	switch {
	case c.step == hearing && ready&Readable != 0:
		return c.hear(sb)
	case c.step == hangingUp && ready&Readable != 0:
		return c.hearOut(sb)
	case (c.step == pickingUp || c.step == answering) &&
		ready&Writable != 0:
		return c.said(sb, c.say())
	}
	return c.waiting()
}

// waiting is what the call waits for in its step.
func (c *call) waiting() waitFor {
	switch c.step {
	case hearing, hangingUp:
		return forRead
	case onHold:
		return forTimer
	}
	return forWrite
}

// hear reads what the caller said until the line has no more for now
// (EAGAIN) or the question is decided. It reads into the loop's one
// buffer. A question that comes in pieces is rare: its bytes so far
// wait in sb.pieces, so that a call carries no room for them.
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
		more := n == len(sb.buf) // and more may be waiting
		if c.inPieces {
			// Only the first MaxLine bytes can make a question.
			sofar := sb.pieces[c.fd]
			room := phone.MaxLine - len(sofar)
			sofar = append(sofar, said[:min(n, room)]...)
			sb.pieces[c.fd] = sofar
			said, more = sofar, more || n > room
		}
		name, ok, err := phone.QuestionIn(said)
		if ok || err != nil {
			c.saidMore = more || pastTheLine(said)
		}
		if why, bad := err.(phone.Error); bad {
			return c.answer(sb, why.AppendLine(c.answerBytes[:0]))
		}
		if ok {
			return c.hold(sb, name)
		}
		if !c.inPieces {
			// The one allocation a call may cost: the loop's buffer
			// is the next read's.
			c.inPieces = true
			sb.pieces[c.fd] = append(make([]byte, 0, phone.MaxLine), said...)
		}
	}
}

// decided drops the pieces of a question, once it is decided or the
// call is over.
func (c *call) decided(sb *Switchboard) {
	if c.inPieces {
		delete(sb.pieces, c.fd)
		c.inPieces = false
	}
}

// hold puts the caller on hold: the answer is known, and a timer says
// when the lookup is over. The line is watched for nothing meanwhile.
// name is in the loop's buffer, or in the question's pieces: the
// answer is written into the call's own bytes before either goes.
func (c *call) hold(sb *Switchboard, name []byte) waitFor {
	c.out = phone.AppendAnswer(c.answerBytes[:0], name)
	c.decided(sb)
	c.step = onHold
	sb.loop.Reset(&c.timer, sb.lookup, c.ring)
	return forTimer
}

// answer starts saying line, the answer or an error line, and then
// hangs up. A caller who does not read it may keep the line for the
// idle timeout, no longer.
func (c *call) answer(sb *Switchboard, line []byte) waitFor {
	c.decided(sb)
	c.step, c.out = answering, line
	sb.loop.Reset(&c.timer, sb.idle, c.ring)
	return c.said(sb, c.say())
}

// timeUp is the call's timer going off: the lookup is over, or the
// caller's time is.
func (c *call) timeUp(sb *Switchboard) waitFor {
	switch c.step {
	case onHold:
		return c.answer(sb, c.out)
	case hearing:
		return c.answer(sb, phone.ErrTooSlow.AppendLine(c.answerBytes[:0]))
	}
	// The caller took neither the greeting nor the answer in time, or
	// did not stop talking after it.
	return hungUp
}

// pastTheLine says whether said goes on past the question's line: the
// newline, or MaxLine bytes without one.
func pastTheLine(said []byte) bool {
	end := bytes.IndexByte(said, '\n')
	if end < 0 {
		return len(said) > phone.MaxLine
	}
	return end+1 < len(said)
}

// said is what follows say: when the answer is all said to a caller who
// said more than the question, the operator hangs up gently.
//
// Closing a socket with bytes still unread makes the kernel send a
// reset (RST) instead of the end of the stream (FIN), and on a real
// network a reset can destroy an answer still in flight (RFC 9112,
// 9.6). So the write side is shut first (the caller reads the answer,
// then the end), and the caller is heard out: read and dropped until
// they hang up, lingerMost bytes, or lingerFor, whichever comes first.
func (c *call) said(sb *Switchboard, next waitFor) waitFor {
	if next != hungUp || c.step != answering || len(c.out) > 0 ||
		!c.saidMore {
		return next
	}
	unix.Shutdown(c.fd, unix.SHUT_WR)
	c.step = hangingUp
	sb.loop.Reset(&c.timer, lingerFor, c.ring)
	return c.hearOut(sb)
}

// lingerFor and lingerMost bound hearing out: a caller who goes on
// talking after the answer gets the reset after all.
const (
	lingerFor  = time.Second
	lingerMost = 256 << 10
)

// hearOut reads what the caller still says, and drops it, until the
// caller hangs up or the line has nothing more for now.
func (c *call) hearOut(sb *Switchboard) waitFor {
	for c.unheard < lingerMost {
		n, err := unix.Read(c.fd, sb.buf)
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN:
			return forRead
		case err != nil, n == 0:
			return hungUp // heard out
		}
		c.unheard += int32(n)
	}
	return hungUp
}
