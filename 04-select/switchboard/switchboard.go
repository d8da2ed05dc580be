package switchboard

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/sys/unix"
)

// Options say how the switchboard answers and what it waits with.
type Options struct {
	Lookup time.Duration // how long finding a number takes: a timer
	Idle   time.Duration // how long a caller has to ask, from pick-up
	// Poller is what the loop waits with; nil means NewSelect(). The
	// switchboard owns it from New on, and closes it when Serve ends
	// (or at once, if New fails).
	Poller Poller
}

// A Switchboard is one operator watching every line: the phone line
// callers ring, the calls picked up, and the clocks. Its Loop runs it
// all on one OS thread, in Serve.
type Switchboard struct {
	loop  *Loop      // waits, and calls the line or a call when ready
	line  int        // the phone line callers ring; -1 once closed
	calls byFd[call] // each fd's call, kept for its next (fd -1)
	// pieces holds, by fd, the questions that came in pieces so far.
	pieces map[int][]byte
	open   int // how many calls are not over

	lookup, idle time.Duration
	buf          []byte // the one read buffer every call reads into

	// resting is the timer that watches the line again after accept
	// ran out of fds; nil while the line is watched.
	resting *Timer
	// broke is why the line stopped picking up on its own, if it did:
	// Serve returns it once the calls picked up are over.
	broke error

	ringing func(Interest) // the line's handler, made once
	accept  func(line, flags int) (int, error)
}

// readBuffer is the loop's read buffer: far more than a question, so
// a caller who floods the line is drained in few reads.
const readBuffer = 16 << 10

// New makes a switchboard for line, a listening socket (blocking.Listen
// makes one), and sets line non-blocking: an accept(2) with nobody
// ringing must return EAGAIN, not put the operator to sleep. Serve
// closes line when it returns.
func New(line int, o Options) (*Switchboard, error) {
	p := o.Poller
	if p == nil {
		p = NewSelect()
	}
	if err := unix.SetNonblock(line, true); err != nil {
		p.Close()
		return nil, fmt.Errorf("switchboard: O_NONBLOCK: %w", err)
	}
	loop, err := NewLoop(p)
	if err != nil {
		return nil, err
	}
	sb := &Switchboard{loop: loop, line: line, lookup: o.Lookup,
		idle: o.Idle, buf: make([]byte, readBuffer),
		pieces: map[int][]byte{},
		accept: accept4}
	sb.ringing = sb.pickUpAll
	return sb, nil
}

// Serve runs the switchboard's loop on the calling goroutine, locked to
// its OS thread, until StopPickingUp and then every call is over, or
// Close. It then hangs up on any call left, closes the line, and
// returns why the loop or the line failed, if either did.
func (sb *Switchboard) Serve() error {
	// The poller is the loop's alone: even the line goes on the board
	// from the loop's thread.
	sb.loop.Post(sb.watchLine)
	err := sb.loop.Run()
	sb.release()
	return errors.Join(err, sb.broke)
}

// follow turns what a call waits for next into the loop's interest in
// its line. The loop tells the poller only what changes: a poller that
// keeps the interest in the kernel makes no system call for nothing.
func (sb *Switchboard) follow(c *call, next waitFor) {
	if next == hungUp {
		sb.hangUp(c)
		return
	}
	if err := sb.loop.Watch(c.fd, interest[next], c.onReady); err != nil {
		sb.hangUp(c)
	}
}

// hangUp ends a call: its timer, its place on the board, its fd.
func (sb *Switchboard) hangUp(c *call) {
	sb.loop.Stop(&c.timer)
	sb.loop.Forget(c.fd)
	unix.Close(c.fd)
	c.decided(sb)
	c.fd, c.out = -1, nil
	sb.open--
	switch {
	case sb.line < 0 && sb.open == 0:
		sb.loop.Close() // closing time, and the last call is over
	case sb.resting != nil:
		sb.watchLine() // an fd came free: someone ringing can have it
	}
}

// StopPickingUp stops the switchboard picking up new calls; the calls
// already picked up are answered, and then Serve returns. It is safe
// from any goroutine, and once Serve has returned it does nothing.
func (sb *Switchboard) StopPickingUp() { sb.loop.Post(sb.closeLine) }

// Close hangs up on every call at once and makes Serve return. It is
// safe from any goroutine, and once Serve has returned it does nothing.
func (sb *Switchboard) Close() { sb.loop.Close() }

// Thread is the OS thread id the loop runs on, 0 before Serve starts.
func (sb *Switchboard) Thread() int { return sb.loop.Thread() }

// closeLine stops picking up, on the loop's thread: nobody new rings.
// Callers still in the backlog are refused by the kernel.
func (sb *Switchboard) closeLine() {
	if sb.line >= 0 {
		sb.loop.Stop(sb.resting)
		sb.resting = nil
		sb.loop.Forget(sb.line)
		unix.Close(sb.line)
		sb.line = -1
	}
	if sb.open == 0 {
		sb.loop.Close()
	}
}

// release closes what Serve leaves open, whichever way the loop ended.
// The loop has closed the poller, so each fd is only closed.
func (sb *Switchboard) release() {
	sb.calls.each(func(c *call) {
		if c.sb != nil && c.fd >= 0 {
			unix.Close(c.fd)
		}
	})
	sb.calls, sb.open = byFd[call]{}, 0
	if sb.line >= 0 {
		unix.Close(sb.line)
		sb.line = -1
	}
}
