// Wrong: trusts the kernel with a deadline that has come: a timeout that rounds to zero waits forever
// Replaces: blocking/question.go
// Fails: TestExercise2ReadQuestionNeverTurnsADeadlineIntoForever

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
	var buf [phone.MaxLine]byte
	n := 0
	for {
		name, ok, err := phone.ParseQuestion(buf[:n])
		if ok || err != nil {
			return name, err
		}
		// A deadline that has passed gives a negative timeout, which
		// the kernel treats as "do not wait".
		tv := unix.NsecToTimeval(time.Until(deadline).Nanoseconds())
		unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv)

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
