package coro

import (
	"errors"
	"fmt"
	"iter"
	"sync"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
)

// A Scheduler runs coroutines on one Loop. Its fields say who runs and
// how many are alive; who waits for what is kept by the loop itself: a
// watched fd's handler, a timer, a callback.
type Scheduler struct {
	loop    *switchboard.Loop
	running *Co // the one coroutine running now, if any
	alive   int // made and not yet ended

	mu      sync.Mutex
	misused []error // guarded by mu: resumes that broke the rules
}

// A Co is one coroutine: a function that parks where it would block.
// Its methods are for the coroutine itself to call, while it runs.
type Co struct {
	s      *Scheduler
	next   func() (struct{}, bool) // resume it: iter.Pull's switch
	stop   func()                  // end it where it is parked
	yield  func(struct{}) bool     // park it: back to whoever resumed
	parked bool
	ended  bool
	turn   uint64 // how many times it has parked
}

// ErrEnded is what a parked call returns when its coroutine is ended
// by Stop: the coroutine should return.
var ErrEnded = errors.New("coro: the coroutine was ended")

// New makes a scheduler on loop. It does not run the loop.
func New(loop *switchboard.Loop) *Scheduler { return &Scheduler{loop: loop} }

// Loop is the loop the scheduler runs on.
func (s *Scheduler) Loop() *switchboard.Loop { return s.loop }

// Go runs f as a new coroutine. It is safe from any goroutine: it posts
// to the loop, which makes the coroutine on its own thread and runs it
// until it first parks. It says false, and never runs f, once the loop
// is closed.
func (s *Scheduler) Go(f func(*Co)) bool {
	return s.loop.Post(func() { s.start(f) })
}

// start makes a coroutine on the loop's thread and runs it. iter.Pull
// notes the thread it is made on, locked as it is now; it may only be
// resumed there.
func (s *Scheduler) start(f func(*Co)) {
	co := &Co{s: s}
	co.next, co.stop = iter.Pull(func(yield func(struct{}) bool) {
		co.yield = yield
		f(co)
	})
	s.alive++
	co.parked = true // made, not yet run: the same as parked
	s.resume(co)
}

// Alive is how many coroutines are made and not ended. Call it on the
// loop's thread.
func (s *Scheduler) Alive() int { return s.alive }

// resume switches to co until it parks again or ends. Its callers are
// on the loop's thread: the loop's handlers and timers that coro sets
// itself, and Wake. A Waker, which may be handed to anyone, checks the
// thread first. A rule broken is noted, not obeyed: co stays parked (a
// learner's test sees it never finish, and Misused says why).
func (s *Scheduler) resume(co *Co) {
	switch {
	case s.running == co:
		return // it runs: a callback came before it parked
	case s.running != nil:
		s.misuse(errors.New("coro: resumed from inside a coroutine"))
		return
	case co.ended || !co.parked:
		return // a wake for a park that is over
	}
	co.parked = false
	s.running = co
	_, alive := co.next()
	s.running = nil
	if !alive {
		co.ended = true
		s.alive--
	}
}

// offThread says whether the caller is off the loop's thread, and
// notes it if so. It reads nothing but the loop's thread id, so a call
// from another goroutine is refused without a data race. It costs a
// gettid(2), more than the switch itself: so Waker checks, and the
// loop's own handlers, on its thread by the Loop's promise, do not.
func (s *Scheduler) offThread() bool {
	if tid := unix.Gettid(); tid != s.loop.Thread() {
		s.misuse(fmt.Errorf("coro: resumed from thread %d, "+
			"not the loop's (%d)", tid, s.loop.Thread()))
		return true
	}
	return false
}

func (s *Scheduler) misuse(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.misused = append(s.misused, err)
}

// Misused is every resume that broke the rules so far, joined: nil if
// none did. Safe from any goroutine.
func (s *Scheduler) Misused() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return errors.Join(s.misused...)
}

// Stop ends a parked coroutine where it is parked: the call it is parked
// in returns ErrEnded, and its deferred funcs run. Call it on the loop's
// thread. The loop uses it for coroutines still parked when it stops.
func (s *Scheduler) Stop(co *Co) {
	if co.ended || !co.parked || s.running != nil {
		return
	}
	s.running = co
	co.stop()
	s.running = nil
	co.ended = true
	s.alive--
}

// park gives the loop's thread back until something resumes co. It
// returns ErrEnded if Stop ended it instead.
func (co *Co) park() error {
	co.turn++
	co.parked = true
	if !co.yield(struct{}{}) {
		return ErrEnded
	}
	return nil
}

// Waker returns a func that resumes co from its next park (or from the
// park it is in, if it is parked now). Whoever co waits for, a timer or
// a callback, calls it on the loop's thread. Called when that park is
// over, it does nothing: a late callback cannot wake co from a later
// park it has nothing to do with.
func (co *Co) Waker() func() {
	turn := co.turn
	if !co.parked {
		turn++
	}
	return func() {
		if co.s.offThread() {
			return
		}
		if co.turn == turn {
			co.s.resume(co)
		}
	}
}

// Wake resumes co now, from whatever park it is in: its wait returns
// ErrWoken (Park returns nil). Like the Loop's Watch, it belongs to the
// loop's thread, and is not checked; a co that runs or has ended is
// left alone.
func (s *Scheduler) Wake(co *Co) { s.resume(co) }

// Park parks co until its Waker is called. Give the waker away first.
func (co *Co) Park() error { return co.park() }

// Scheduler is the scheduler co runs on.
func (co *Co) Scheduler() *Scheduler { return co.s }
