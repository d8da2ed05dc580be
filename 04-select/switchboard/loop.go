package switchboard

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// A Loop is the engine under the switchboard: one goroutine, locked to
// one OS thread, waits with a Poller until a watched fd is ready or a
// timer is due, and calls whoever waits on it. The switchboard drives
// it, and so can any other code: chapter 6's reactor, chapter 7's
// coroutines, chapter 8's workers.
//
// Watch, Forget, After and Stop belong to the loop's thread: call them
// from a handler, a timer or a posted func (or before Run, from the
// goroutine that will call it). Post is the one door from any other
// goroutine, and Close is safe from anywhere.
//
// A handler or timer func runs on the loop's thread, never from inside
// the call that set it up (Watch, After and Post only take note), and
// never while another one runs. A handler may be called when its fd
// turns out not to be ready after all, for an event that went stale in
// the same batch (another handler read the fd, or closed it and a new
// fd took its number): its read or write then says EAGAIN.
type Loop struct {
	poller  Poller
	lines   byFd[watcher] // who waits on each fd, and for what
	timers  Timers        // every deadline, soonest first
	events  []Event       // the one slice every wait fills
	yielded time.Time     // when the loop last let Go's scheduler run

	wake    *Wakeup  // rung by Post and Close, from anywhere
	running []func() // the posted funcs this turn runs; reused

	mu     sync.Mutex
	posted []func() // guarded by mu: to run on the loop's thread
	rung   bool     // guarded by mu: wake rung, and not answered yet
	rings  int      // guarded by mu: eventfd writes, for the tests
	ran    bool     // guarded by mu: Run has started

	closing  atomic.Bool  // Close was called: this turn is the last
	released atomic.Bool  // set under mu: the eventfd and Poller are closed
	thread   atomic.Int64 // the loop's OS thread id, once it runs
}

// A watcher is one watched fd: what for, and whom to call.
type watcher struct {
	want Interest
	on   func(ready Interest) // nil: the fd is not watched
}

// ErrClosed is what the Loop says once it is closed.
var ErrClosed = errors.New("switchboard: the loop is closed")

// NewLoop makes a loop that waits with p. The loop owns p from here on
// and closes it when Run ends; if NewLoop fails, it closes p at once.
func NewLoop(p Poller) (*Loop, error) {
	wake, err := NewWakeup()
	if err != nil {
		p.Close()
		return nil, err
	}
	return &Loop{poller: p, wake: wake}, nil
}

// Watch calls on with what fd is ready for, each time it is ready for
// some of want, from the next wait on. Called again, it changes what fd
// is watched for, and who is called. The Poller hears only what
// changes: the same interest again costs no system call.
func (l *Loop) Watch(fd int, want Interest, on func(ready Interest)) error {
	if on == nil {
		return fmt.Errorf("switchboard: Watch(%d) with no handler", fd)
	}
	if fd < 0 {
		return fmt.Errorf("switchboard: fd %d: %w", fd, ErrOutOfReach)
	}
	if l.released.Load() {
		return ErrClosed
	}
	w := l.lines.at(fd)
	if w.on == nil || w.want != want {
		if err := l.poller.Watch(fd, want); err != nil {
			return err
		}
	}
	w.want, w.on = want, on
	return nil
}

// Forget stops watching fd: its handler is not called again, not even
// for an event already in this turn's batch. Call it before closing fd.
// After Run has returned, it only takes note: the Poller is closed.
func (l *Loop) Forget(fd int) error {
	if l.lines.get(fd).on == nil {
		return fmt.Errorf("switchboard: fd %d is not watched", fd)
	}
	*l.lines.at(fd) = watcher{}
	if l.released.Load() {
		return nil
	}
	return l.poller.Forget(fd)
}

// After calls f on the loop's thread d from now, unless stopped first.
func (l *Loop) After(d time.Duration, f func()) *Timer {
	return l.timers.After(d, f)
}

// Stop stops t, and says whether it stopped it before it fired. A nil
// t is allowed, and stops nothing.
func (l *Loop) Stop(t *Timer) bool { return l.timers.Stop(t) }

// Reset arms t, a Timer the caller keeps, to call f d from now, whether
// it was armed or not: After without the allocation, for code that sets
// a clock over and over (each call of the switchboard keeps one).
func (l *Loop) Reset(t *Timer, d time.Duration, f func()) {
	l.timers.Set(t, time.Now().Add(d), f)
}

// Post runs f on the loop's thread, after the handler or func running
// now, in the order posted, and says true; or says false, and never runs
// f, once the loop is closed. It is safe from any goroutine, and cheap:
// posts that come before the loop wakes ring its eventfd once.
//
// A func posted before Close runs before Run returns.
func (l *Loop) Post(f func()) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closing.Load() {
		return false
	}
	l.posted = append(l.posted, f)
	l.ring()
	return true
}

// ring wakes the loop, once until it answers. The caller holds mu, so
// the eventfd is open: release takes mu before it closes it.
func (l *Loop) ring() {
	if l.rung || l.released.Load() {
		return
	}
	l.rung = true
	l.rings++
	l.wake.Ring()
}

// Run runs the loop on the calling goroutine, locked to its OS thread,
// until Close. It then runs what was posted before Close, closes the
// Poller and the eventfd, and returns; it returns the Poller's error if
// a wait fails. Run after Close returns at once.
//
// Each turn waits until a watched fd is ready or the next timer is
// due, calls whoever waits on each ready fd, then fires the timers that
// are due. Nothing in it blocks except the wait.
func (l *Loop) Run() error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if !l.start() {
		return nil
	}
	defer l.release()
	if err := l.Watch(l.wake.Fd(), Readable, l.runPosted); err != nil {
		return fmt.Errorf("switchboard: %w", err)
	}
	for !l.closing.Load() {
		l.yield()
		timeout := l.timers.Until(time.Now())
		events, err := l.poller.Wait(timeout, l.events)
		l.events = events
		if err != nil {
			return err
		}
		for _, ev := range events {
			l.dispatch(ev)
		}
		l.timers.Fire(time.Now())
	}
	return nil
}

// yieldEvery is how often a busy loop lets Go's scheduler run.
//
// The loop's goroutine never blocks on anything Go can see, so it
// never passes through Go's scheduler, and to the runtime's monitor
// thread, sysmon, it looks like a goroutine that has kept its P for
// over 10 ms. With one P (GOMAXPROCS=1), sysmon then takes the P away
// whenever it finds the loop in a system call, such as the poller's
// wait, and hands it to another thread, which finds nothing to do and
// sleeps again; and having found work, sysmon goes back to checking
// every 20 µs. On one core, that is thousands of switches of threads a
// second beside the loop's. Yielding well inside those 10 ms keeps
// sysmon asleep: chapter 5's "Short calls" measures it.
const yieldEvery = 5 * time.Millisecond

// yield lets Go's scheduler run, if yieldEvery has passed since it
// last did. On a locked thread it costs two switches of threads (the
// thread hands its P to another, which hands it back), so not more
// often.
func (l *Loop) yield() {
	now := time.Now()
	if now.Sub(l.yielded) < yieldEvery {
		return
	}
	l.yielded = now
	runtime.Gosched()
}

// start notes that Run runs, on this thread, unless Close came first.
func (l *Loop) start() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.released.Load() {
		return false
	}
	l.ran = true
	l.thread.Store(int64(unix.Gettid()))
	return true
}

// dispatch calls whoever waits on one ready fd, for what it waits for:
// a handler set up or forgotten earlier in this batch hears only what
// it asked for, if anything.
func (l *Loop) dispatch(ev Event) {
	w := l.lines.get(ev.Fd)
	if ready := ev.Ready & w.want; ready != 0 && w.on != nil {
		w.on(ready)
	}
}

// runPosted runs what other goroutines posted. The flag is cleared
// before the queue is taken, both under mu: a Post after this takes
// the queue rings again, and one before it is in the queue taken.
func (l *Loop) runPosted(Interest) {
	l.wake.Answer()
	l.mu.Lock()
	l.rung = false
	l.running, l.posted = l.posted, l.running[:0]
	l.mu.Unlock()
	for i, f := range l.running {
		f()
		l.running[i] = nil // let it be collected
	}
}

// Close makes Run return at the end of its turn, and Post say false
// from now on. It is safe from any goroutine, at any time: once Run has
// returned it writes to no fd, whose number another file may hold by
// then. Closed before Run, the loop releases what it holds at once.
func (l *Loop) Close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closing.Swap(true) {
		return
	}
	if !l.ran {
		l.releaseLocked()
		return
	}
	l.ring()
}

// Thread is the OS thread id the loop runs on: 0 before Run starts.
func (l *Loop) Thread() int { return int(l.thread.Load()) }

// release ends Run: the funcs posted before Close run, and then the
// eventfd and the Poller are closed, under mu, so that no Close or
// Post can ring an eventfd whose number is no longer its.
func (l *Loop) release() {
	l.runPosted(0)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.releaseLocked()
}

func (l *Loop) releaseLocked() {
	if l.released.Swap(true) {
		return
	}
	l.wake.Close()
	l.poller.Close()
}
