// Package reactor is a callback API on chapter 04's Loop: "call me
// back when this line can be read, when it can be written, when this
// much time has passed, when this dial has connected". It is how
// Twisted and Node look to the code that uses them. The Loop does the
// waiting; a reactor only keeps, for each fd, who to call back once.
//
// Two promises hold for every callback a Reactor takes, and the tests
// check both:
//
//   - It never runs inside the call that registered it. WhenReadable,
//     WhenWritable, After, Dial and Soon only take note and return; the
//     callback runs later, from the loop, with nothing of the caller's
//     on the stack. Code after the registration runs first.
//   - It runs at most once. A callback is a one-shot: to hear about a
//     line again, ask again from inside the callback. Cancel, Stop and
//     Close drop callbacks that have not run, and they never run.
//
// When a callback runs is the Loop's turn: the loop waits; it calls
// back each line that is ready (its read callback, then its write
// callback); then it fires the timers that are due, soonest first.
// After callbacks and Soon's queue are timers: Soon's is due at once,
// so the next wait does not sleep.
//
// Everything but Post belongs to the loop's thread, as with the Loop:
// call it from a callback, or before Run from the goroutine that will
// call Run.
package reactor

import (
	"errors"
	"time"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
)

// A Reactor calls back once for each thing it was asked to watch.
type Reactor struct {
	loop  *switchboard.Loop
	lines []line // by fd: who to call back once, for what

	soon     []func() // Soon's queue, run after this turn's events
	running  []func() // the queue being run; reused
	draining *switchboard.Timer

	// freed is called when Close frees an fd: a listener that ran out
	// of fds can try again.
	freed []func()
}

// A line is one fd the reactor watches: one callback for readable, one
// for writable, each called once.
type line struct {
	watched         bool
	closed          uint32 // how many times Close closed this number
	onRead, onWrite func()
}

// New makes a reactor on loop. Several reactors, and other code, may
// share one loop, as long as each fd is watched by one of them.
func New(loop *switchboard.Loop) *Reactor {
	return &Reactor{loop: loop}
}

// Loop is the loop the reactor runs on.
func (r *Reactor) Loop() *switchboard.Loop { return r.loop }

// Run runs the loop on the calling goroutine, locked to its OS thread,
// until Stop.
func (r *Reactor) Run() error { return r.loop.Run() }

// Stop makes Run return at the end of this turn. It is safe from any
// goroutine.
func (r *Reactor) Stop() { r.loop.Close() }

// Post runs f on the loop's thread, soon. It is the one method safe
// from any goroutine; it says false, and never runs f, once the loop
// is closed. From the loop's own thread, Soon does the same without
// writing to the loop's eventfd.
func (r *Reactor) Post(f func()) bool { return r.loop.Post(f) }

// WhenReadable calls f once, the next time fd can be read (or has hung
// up: a read then says so).
func (r *Reactor) WhenReadable(fd int, f func()) error {
	return r.when(fd, switchboard.Readable, f)
}

// WhenWritable calls f once, the next time fd can take a write.
func (r *Reactor) WhenWritable(fd int, f func()) error {
	return r.when(fd, switchboard.Writable, f)
}

func (r *Reactor) when(fd int, what switchboard.Interest, f func()) error {
	if fd < 0 {
		return unix.EBADF
	}
	if fd >= len(r.lines) {
		r.lines = append(r.lines, make([]line, fd+1-len(r.lines))...)
	}
	l := &r.lines[fd]
	if what == switchboard.Readable {
		l.onRead = f
	} else {
		l.onWrite = f
	}
	if err := r.follow(fd); err != nil {
		l.onRead, l.onWrite = nil, nil
		return err
	}
	return nil
}

// follow tells the loop what fd waits for now. The loop hears only
// changes, so a callback that asks for the same again costs no
// epoll_ctl. A line that waits for nothing stays watched for nothing:
// level-triggered, it would otherwise light every wait.
func (r *Reactor) follow(fd int) error {
	l := &r.lines[fd]
	var want switchboard.Interest
	if l.onRead != nil {
		want |= switchboard.Readable
	}
	if l.onWrite != nil {
		want |= switchboard.Writable
	}
	if want == 0 && !l.watched {
		return nil
	}
	if err := r.loop.Watch(fd, want, func(ready switchboard.Interest) {
		r.ready(fd, ready)
	}); err != nil {
		return err
	}
	l.watched = true
	return nil
}

// ready calls back whoever waits on fd for what it is ready for. Each
// callback is taken off the line before it runs, so it runs once, and
// may ask again.
func (r *Reactor) ready(fd int, ready switchboard.Interest) {
	closed := r.lines[fd].closed
	if ready&switchboard.Readable != 0 {
		if f := r.lines[fd].onRead; f != nil {
			r.lines[fd].onRead = nil
			f()
		}
	}
	// The read callback may have closed fd, and opened another with
	// the same number: that one's callbacks wait for its own events.
	if ready&switchboard.Writable != 0 && r.lines[fd].closed == closed {
		if f := r.lines[fd].onWrite; f != nil {
			r.lines[fd].onWrite = nil
			f()
		}
	}
	if r.lines[fd].watched {
		r.follow(fd)
	}
}

// Drop drops the callbacks waiting on fd, which stays open: they
// never run.
func (r *Reactor) Drop(fd int) {
	if fd >= 0 && fd < len(r.lines) && r.lines[fd].watched {
		r.lines[fd].onRead, r.lines[fd].onWrite = nil, nil
		r.follow(fd)
	}
}

// Close drops every callback waiting on fd, takes it off the loop and
// closes it. The callbacks never run.
func (r *Reactor) Close(fd int) error {
	if fd >= 0 && fd < len(r.lines) && r.lines[fd].watched {
		r.lines[fd] = line{closed: r.lines[fd].closed + 1}
		r.loop.Forget(fd)
	}
	err := unix.Close(fd)
	for _, f := range r.freed {
		f()
	}
	return err
}

// A Timer is a callback due after a delay.
type Timer = switchboard.Timer

// After calls f once, d from now, unless Cancel comes first.
func (r *Reactor) After(d time.Duration, f func()) *Timer {
	return r.loop.After(d, f)
}

// Cancel stops t, and says whether its callback was still to run. A
// nil t is allowed.
func (r *Reactor) Cancel(t *Timer) bool { return r.loop.Stop(t) }

// Soon calls f once, after the callback running now returns: in this
// turn's timers, or, queued from a timer, after the next wait, which
// does not sleep. It writes to no eventfd, as Post does: the queue is
// run by a timer already due.
func (r *Reactor) Soon(f func()) {
	r.soon = append(r.soon, f)
	if r.draining == nil {
		r.draining = r.loop.After(0, r.drain)
	}
}

// drain runs what Soon queued, in order; what those queue, the next
// drain runs.
func (r *Reactor) drain() {
	r.draining = nil
	r.running, r.soon = r.soon, r.running[:0]
	for i, f := range r.running {
		f()
		r.running[i] = nil
	}
}

// ErrCanceled is what a canceled dial would have said; its callback
// never hears it.
var ErrCanceled = errors.New("reactor: canceled")
