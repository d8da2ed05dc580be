package operator

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/07-coroutines/coro"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// Answer takes one call on fd, start to finish, as a coroutine: pick
// up, hear the question, ask the records room, answer, hang up. Every
// step that would block parks the coroutine instead, and the loop's
// one thread serves the other calls meanwhile.
func Answer(co *coro.Co, fd int, records Records, idle time.Duration) {
	defer co.Close(fd)
	pickedUp := time.Now()
	deadline := pickedUp.Add(idle)

	if co.Write(fd, []byte(phone.Greeting), deadline) != nil {
		return // hung up while it rang
	}
	name, err := ReadQuestion(co, fd, deadline)
	var refusal phone.Error
	switch {
	case errors.As(err, &refusal):
		co.Write(fd, []byte(refusal.Line()), time.Now().Add(idle))
		return
	case err != nil:
		return // hung up before asking: nothing to say
	}
	number, err := Ask(co, fd, records, name)
	switch {
	case errors.Is(err, blocking.ErrHungUp):
		return // hung up on hold
	case err != nil:
		co.Write(fd, []byte(phone.ErrLookupFailed.Line()),
			time.Now().Add(idle))
		return
	}
	co.Write(fd, []byte(name+": "+number+"\n"), time.Now().Add(idle))
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

// Ask asks the records room for name's number, and keeps the caller
// on hold until it answers. A caller who resets the line meanwhile
// ends the wait (ErrHungUp): the answer, when it comes, finds nobody
// waiting. One who only closes their side (EOF) may still listen, as
// a half-closed caller does: they hear the answer, or the write fails.
// An error says who asked, for whom, and why it failed.
func Ask(co *coro.Co, fd int, records Records, name string) (string, error) {
	var number string
	var failed error
	answered := false
	wake := co.Waker()
	records.Lookup(name, func(n string, err error) {
		number, failed, answered = n, err, true
		wake()
	})
	listening := true
	var junk [64]byte
	for !answered {
		wake = co.Waker() // this park's: the answer may end any of them
		var err error
		if listening {
			// The line turns readable only if the caller speaks out
			// of turn, closes their side, or resets it.
			_, err = co.Await(fd, switchboard.Readable, time.Time{})
		} else {
			err = co.Park()
		}
		if answered {
			break
		}
		if err != nil {
			return "", err
		}
		m, err := unix.Read(fd, junk[:])
		switch {
		case err == nil && m == 0:
			listening = false // EOF: nothing more will be said
		case err != nil && err != unix.EAGAIN && err != unix.EINTR:
			return "", blocking.ErrHungUp
		}
	}
	if failed != nil {
		return "", fmt.Errorf("fd %d asked the records room for %q: %w",
			fd, name, failed)
	}
	return number, nil
}
