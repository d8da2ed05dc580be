// Wrong: sets SO_RCVTIMEO once, before the first read, so each read gets the whole time again and a dawdling caller is never cut off
// Replaces: blocking/question.go
// Fails: TestExercise2ReadQuestionWaitsUntilTheDeadline

//go:build !exercise01

package blocking

import (
	"time"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

// ReadQuestion reads from a blocking socket until the caller has asked
// a whole question, the line turns out bad, the caller hangs up, or
// deadline passes.
func ReadQuestion(fd int, deadline time.Time) (string, error) {
	left := time.Until(deadline)
	if left < time.Millisecond {
		return "", phone.ErrTooSlow
	}
	// The caller has this long to ask: tell the socket, once.
	tv := unix.NsecToTimeval(left.Nanoseconds())
	unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv)

	var buf [phone.MaxLine]byte
	n := 0
	for {
		name, ok, err := phone.ParseQuestion(buf[:n])
		if ok || err != nil {
			return name, err
		}
		m, err := unix.Read(fd, buf[n:])
		switch {
		case err == unix.EINTR:
			// A signal: read again.
		case err == unix.EAGAIN:
			return "", phone.ErrTooSlow
		case err != nil:
			return "", err
		case m == 0:
			return "", ErrHungUp
		default:
			n += m
		}
	}
}
