package main

import (
	"errors"
	"time"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

// handle is one whole call, start to finish, on the operator's thread:
// pick up, hear the question, look the number up, answer, hang up.
func (op *operator) handle(fd int) {
	defer unix.Close(fd)
	pickedUp := time.Now()
	// A caller who stops reading cannot keep the operator waiting in
	// write(2) longer than the idle timeout either.
	tv := unix.NsecToTimeval(op.idle.Nanoseconds())
	unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_SNDTIMEO, &tv)

	if writeAll(fd, []byte(phone.Greeting)) != nil {
		return // hung up while it rang
	}
	name, err := readQuestion(fd, pickedUp.Add(op.idle))
	var refusal phone.Error
	switch {
	case errors.As(err, &refusal):
		writeAll(fd, []byte(refusal.Line()))
		return
	case err != nil:
		return // hung up before asking: nothing to say
	}
	hold(op.lookup)
	writeAll(fd, []byte(phone.Answer(name)))
}

// hold puts the caller on hold for d. The operator's thread sleeps in
// nanosleep(2) and can do nothing else: that is the blocking model.
func hold(d time.Duration) {
	want := unix.NsecToTimespec(d.Nanoseconds())
	var left unix.Timespec
	// Go's runtime signals its threads (to preempt goroutines), which
	// cuts the sleep short with EINTR; sleep on for what is left.
	for unix.Nanosleep(&want, &left) == unix.EINTR {
		want = left
	}
}
