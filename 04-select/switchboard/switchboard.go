package switchboard

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// Options say how the switchboard answers and what it waits with.
type Options struct {
	Lookup time.Duration // how long finding a number takes: a timer
	Idle   time.Duration // how long a caller has to ask, from pick-up
	// Poller is what the loop waits with; nil means NewSelect(). The
	// switchboard owns it from New on, and closes it when Serve ends.
	Poller Poller
}

// A Switchboard is one operator watching every line: the phone line
// callers ring, the calls picked up, and the clocks. One goroutine,
// locked to one OS thread, runs it all in Serve.
type Switchboard struct {
	line   int     // the phone line callers ring; -1 once closed
	calls  []*call // every call picked up and not over, by its fd
	open   int     // how many calls are not over
	timers Timers  // the callers on hold, and every caller's idle clock
	poller Poller  // watches each line for what its call waits for
	wake   *Wakeup // rung by StopPickingUp and Close, from anywhere

	lookup, idle time.Duration

	buf    []byte  // the one read buffer every call reads into
	events []Event // the one slice every wait fills

	// resting is the timer that watches the line again after accept
	// ran out of fds; nil while the line is watched.
	resting *Timer

	stopping atomic.Bool  // no more pick-ups: finish the calls
	closing  atomic.Bool  // no more calls: hang up on them all
	thread   atomic.Int64 // the loop's OS thread id, once it runs
}

// readBuffer is the loop's read buffer: far more than a question, so
// a caller who floods the line is drained in few reads.
const readBuffer = 16 << 10

// New makes a switchboard for line, a listening socket (blocking.Listen
// makes one), and sets line non-blocking: an accept(2) with nobody
// ringing must return EAGAIN, not put the operator to sleep. Serve
// closes line when it returns.
func New(line int, o Options) (*Switchboard, error) {
	if err := unix.SetNonblock(line, true); err != nil {
		return nil, fmt.Errorf("switchboard: O_NONBLOCK: %w", err)
	}
	p := o.Poller
	if p == nil {
		p = NewSelect()
	}
	wake, err := NewWakeup()
	if err != nil {
		return nil, err
	}
	return &Switchboard{line: line, poller: p, wake: wake,
		lookup: o.Lookup, idle: o.Idle, buf: make([]byte, readBuffer)}, nil
}

// Serve runs the switchboard on the calling goroutine, locked to its
// OS thread, until StopPickingUp and then every call is over, or Close.
// It closes the line, the wake-up line and the poller before it
// returns.
//
// Each turn of the loop waits until a line is ready or the next timer
// is due, does what every ready line's call waits for, and fires the
// timers that are due. Nothing in it blocks except the wait itself.
func (sb *Switchboard) Serve() error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	sb.thread.Store(int64(unix.Gettid()))
	defer sb.release()
	// The poller is the loop's alone: even the first lines go on the
	// board from the loop's thread.
	if err := sb.poller.Watch(sb.wake.Fd(), Readable); err != nil {
		return fmt.Errorf("switchboard: %w", err)
	}
	if err := sb.poller.Watch(sb.line, Readable); err != nil {
		return fmt.Errorf("switchboard: %w", err)
	}

	for sb.line >= 0 || sb.open > 0 {
		timeout := sb.timers.Until(time.Now())
		events, err := sb.poller.Wait(timeout, sb.events)
		sb.events = events
		if err != nil {
			return err
		}
		for _, ev := range events {
			if err := sb.dispatch(ev); err != nil {
				return err
			}
		}
		sb.timers.Fire(time.Now())
	}
	return nil
}

// dispatch hands one ready line to whoever waits on it.
func (sb *Switchboard) dispatch(ev Event) error {
	switch {
	case ev.Fd == sb.wake.Fd():
		sb.wake.Answer()
		sb.heedStop()
	case ev.Fd == sb.line:
		return sb.pickUpAll()
	default:
		if c := sb.callOn(ev.Fd); c != nil {
			sb.follow(c, c.ready(sb, ev.Ready))
		}
	}
	return nil
}

// follow turns what a call waits for next into the poller's interest.
// When the interest is what it was, the poller hears nothing: with
// epoll that is an epoll_ctl saved.
func (sb *Switchboard) follow(c *call, next waitFor) {
	if next == hungUp {
		sb.hangUp(c)
		return
	}
	want := interest[next]
	if want == c.want {
		return
	}
	if err := sb.poller.Watch(c.fd, want); err != nil {
		sb.hangUp(c)
		return
	}
	c.want = want
}

// hangUp ends a call: its timer, its place on the board, its fd.
func (sb *Switchboard) hangUp(c *call) {
	sb.timers.Stop(c.timer)
	sb.poller.Forget(c.fd)
	unix.Close(c.fd)
	sb.calls[c.fd] = nil
	sb.open--
	if sb.resting != nil {
		sb.watchLine() // an fd came free: someone ringing can have it
	}
}

// callOn returns the call on fd, or nil.
func (sb *Switchboard) callOn(fd int) *call {
	if fd < 0 || fd >= len(sb.calls) {
		return nil
	}
	return sb.calls[fd]
}

// StopPickingUp stops the switchboard picking up new calls; the calls
// already picked up are answered, and then Serve returns. It is safe
// from any goroutine.
func (sb *Switchboard) StopPickingUp() {
	sb.stopping.Store(true)
	sb.wake.Ring()
}

// Close hangs up on every call at once and makes Serve return. It is
// safe from any goroutine.
func (sb *Switchboard) Close() {
	sb.closing.Store(true)
	sb.StopPickingUp()
}

// heedStop does, on the loop's thread, what StopPickingUp and Close
// asked for from another.
func (sb *Switchboard) heedStop() {
	if sb.stopping.Load() && sb.line >= 0 {
		sb.timers.Stop(sb.resting)
		sb.resting = nil
		sb.poller.Forget(sb.line)
		unix.Close(sb.line)
		sb.line = -1
	}
	if sb.closing.Load() {
		for _, c := range sb.calls {
			if c != nil {
				sb.hangUp(c)
			}
		}
	}
}

// Thread is the OS thread id the loop runs on, 0 before Serve starts.
func (sb *Switchboard) Thread() int { return int(sb.thread.Load()) }

// release closes what Serve leaves open, whichever way it returns.
func (sb *Switchboard) release() {
	for _, c := range sb.calls {
		if c != nil {
			sb.hangUp(c)
		}
	}
	if sb.line >= 0 {
		unix.Close(sb.line)
		sb.line = -1
	}
	sb.wake.Close()
	sb.poller.Close()
}
