package operator

import (
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/07-coroutines/coro"
	"github.com/holdtheline/holdtheline/workshop/contract"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// A Desk is what every call's coroutine needs to know: where the
// records room is, how long it may take, how long a caller may.
type Desk struct {
	Records string        // the records room's host:port
	Budget  time.Duration // how long the records room may take
	Idle    time.Duration // how long a caller may take to ask, or listen
	Stacks  bool          // a failed lookup carries the asking call's stack
}

// A Failure is a failed lookup, with the stack of the coroutine that
// asked, taken where it failed: the whole call, Answer down.
type Failure struct {
	Err   error
	Stack []byte
}

func (f *Failure) Error() string {
	return f.Err.Error() + "\n" + string(f.Stack)
}

func (f *Failure) Unwrap() error { return f.Err }

// Answer takes one call on fd, start to finish, as a coroutine: pick
// up, hear the question, ask the records room, answer, hang up. Every
// step that would block parks the coroutine instead, and the loop's
// one thread serves the other calls meanwhile. It returns why the
// records room failed, if it did: the caller heard "lookup failed".
func Answer(co *coro.Co, fd int, d Desk) error {
	defer co.Close(fd)
	pickedUp := time.Now()
	deadline := pickedUp.Add(d.Idle)

	if co.Write(fd, []byte(phone.Greeting), deadline) != nil {
		return nil // hung up while it rang
	}
	name, err := ReadQuestion(co, fd, deadline)
	var refusal phone.Error
	switch {
	case errors.As(err, &refusal):
		co.Write(fd, []byte(refusal.Line()), time.Now().Add(d.Idle))
		return nil
	case err != nil:
		return nil // hung up before asking: nothing to say
	}
	number, err := Ask(co, fd, d, name)
	switch {
	case errors.Is(err, coro.ErrEnded):
		return nil // hung up on hold
	case err != nil:
		co.Write(fd, []byte(phone.ErrLookupFailed.Line()),
			time.Now().Add(d.Idle))
		return err
	}
	co.Write(fd, []byte(name+": "+number+"\n"), time.Now().Add(d.Idle))
	return nil
}

// ReadQuestion reads until the caller has asked a whole question, the
// line turns out bad (a phone.Error), the caller hangs up (ErrHungUp),
// or deadline passes (phone.ErrTooSlow). It is 01's ReadQuestion, with
// the coroutine's Read in place of read(2).
func ReadQuestion(co *coro.Co, fd int, deadline time.Time) (string, error) {
	var buf [phone.MaxLine]byte
	n := 0
	for {
		name, ok, err := phone.ParseQuestion(buf[:n])
		if ok || err != nil {
			return name, err
		}
		m, err := co.Read(fd, buf[n:], deadline)
		switch {
		case err == coro.ErrTimeout:
			return "", phone.ErrTooSlow
		case err != nil:
			return "", err
		case m == 0:
			return "", blocking.ErrHungUp
		}
		n += m
	}
}

// Ask puts the caller on hold and asks the records room for name's
// number. Meanwhile the loop listens to the caller's line: a caller
// who resets it ends the coroutine where it is parked (ErrEnded), and
// its deferred closes run. One who only closes their side (EOF) may
// still listen, as a half-closed caller does. A failure says who
// asked, for whom, and what the records room did.
func Ask(co *coro.Co, fd int, d Desk, name string) (string, error) {
	listen(co, fd)
	number, err := AskRoom(co, d.Records, name, time.Now().Add(d.Budget))
	if err != nil && !errors.Is(err, coro.ErrEnded) {
		err = fmt.Errorf("the caller on %s asked for %q: %w",
			peer(fd), name, err)
		if d.Stacks {
			err = &Failure{Err: err, Stack: debug.Stack()}
		}
	}
	return number, err
}

// listen watches the caller's line while co waits on another: a reset
// line ends co. The next wait on the line itself takes the watch back.
func listen(co *coro.Co, fd int) {
	s := co.Scheduler()
	s.Loop().Watch(fd, switchboard.Readable, func(switchboard.Interest) {
		var junk [64]byte
		m, err := unix.Read(fd, junk[:])
		switch {
		case err == nil && m == 0:
			s.Loop().Watch(fd, 0, ignore) // said all; may listen
		case err != nil && err != unix.EAGAIN && err != unix.EINTR:
			s.Stop(co)
		}
	})
}

func ignore(switchboard.Interest) {}

// peer is the caller's address, for an error message.
func peer(fd int) string {
	sa, err := unix.Getpeername(fd)
	if err != nil {
		return fmt.Sprintf("fd %d", fd)
	}
	return contract.SockaddrString(sa)
}
