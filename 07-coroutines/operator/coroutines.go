package operator

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/06-callbacks/reactor"
	"github.com/holdtheline/holdtheline/06-callbacks/records"
	"github.com/holdtheline/holdtheline/07-coroutines/coro"
)

// restFor is how long the receptionist rests when accept(2) runs out
// of fds: callers wait in the backlog, and nobody spins.
const restFor = 100 * time.Millisecond

// Coroutines is the operator of this chapter: one loop, one thread, a
// coroutine a call, and one more, the receptionist, who picks up. The
// records room may share the loop, as in chapter 06.
type Coroutines struct {
	s    *coro.Scheduler
	line int                       // the listening socket; -1 once closed
	take func(co *coro.Co, fd int) // one call, top to bottom
	desk Desk
	room *records.Room

	calls    int      // picked up and not yet hung up
	stopping bool     // StopPickingUp was called
	picker   *coro.Co // the receptionist's coroutine
	broke    error
}

// NewCoroutines makes the operator on a loop that waits with p, taking
// calls on the listening socket line (made non-blocking here). Each
// failed lookup is told to log, with who asked.
func NewCoroutines(line int, p switchboard.Poller, d Desk,
	log func(error)) (*Coroutines, error) {
	o, err := Taking(line, p, func(co *coro.Co, fd int) {
		if err := Answer(co, fd, d); err != nil {
			log(err)
		}
	})
	if err != nil {
		return nil, err
	}
	o.desk = d
	return o, nil
}

// Taking makes the receptionist alone, on a loop that waits with p:
// each call picked up on line (made non-blocking here) is handed to
// take, in a coroutine of its own, which hangs up before it returns.
// Chapter 08 puts its own call on this receptionist.
func Taking(line int, p switchboard.Poller,
	take func(co *coro.Co, fd int)) (*Coroutines, error) {
	if err := unix.SetNonblock(line, true); err != nil {
		p.Close()
		return nil, err
	}
	loop, err := switchboard.NewLoop(p)
	if err != nil {
		return nil, err
	}
	return &Coroutines{s: coro.New(loop), line: line, take: take}, nil
}

// OpenRoom opens chapter 06's records room on roomLine, on this loop:
// it answers each name after delay.
func (o *Coroutines) OpenRoom(roomLine int, delay time.Duration) error {
	rm, err := records.Open(reactor.New(o.s.Loop()), roomLine, delay,
		o.desk.Idle, func(err error) {
			o.broke = errors.Join(o.broke, err)
		})
	o.room = rm
	return err
}

// Scheduler is the scheduler the calls run on.
func (o *Coroutines) Scheduler() *coro.Scheduler { return o.s }

// Serve runs the loop until every call picked up before StopPickingUp
// is over.
func (o *Coroutines) Serve() error {
	o.s.Go(o.receptionist)
	err := o.s.Loop().Run()
	if o.line >= 0 {
		unix.Close(o.line)
	}
	return errors.Join(err, o.s.Misused(), o.broke)
}

// receptionist picks up every caller and hands each call to a new
// coroutine, until StopPickingUp.
func (o *Coroutines) receptionist(co *coro.Co) {
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
				o.take(co, fd)
			})
		case outOfRoom(err):
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

// hungUp notes a call over.
func (o *Coroutines) hungUp() {
	o.calls--
	o.closeIfDone()
}

// closeIfDone closes for the day once the line is down and the last
// call over: the records room (its calls first), then the loop.
func (o *Coroutines) closeIfDone() {
	if !o.stopping || o.line >= 0 || o.calls > 0 {
		return
	}
	if o.room == nil {
		o.s.Loop().Close()
		return
	}
	o.room.Close(o.s.Loop().Close)
	o.room = nil
}

// StopPickingUp wakes the receptionist to put the phone line down.
// Safe from any goroutine.
func (o *Coroutines) StopPickingUp() {
	o.s.Loop().Post(func() {
		o.stopping = true
		if o.picker != nil {
			o.s.Wake(o.picker)
		}
	})
}

// Close hangs up on every call and makes Serve return.
func (o *Coroutines) Close() { o.s.Loop().Close() }

func outOfRoom(err error) bool {
	switch err {
	case unix.EMFILE, unix.ENFILE, unix.ENOBUFS, unix.ENOMEM:
		return true
	}
	return false
}
