// Wrong: builds the timeval by truncating, so a deadline under a microsecond away becomes a zero timeval: wait forever
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
// a whole question, the line turns out bad (a phone.Error), the caller
// hangs up (ErrHungUp), or deadline passes (phone.ErrTooSlow).
func ReadQuestion(fd int, deadline time.Time) (string, error) {
	var buf [phone.MaxLine]byte
	n := 0
	for {
		name, ok, err := phone.ParseQuestion(buf[:n])
		if ok || err != nil {
			return name, err
		}
		// SO_RCVTIMEO bounds each read(2); set it to what is left.
		left := time.Until(deadline)
		if left < 0 {
			return "", phone.ErrTooSlow
		}
		// Whole seconds, and the microseconds left over.
		tv := unix.Timeval{Sec: int64(left / time.Second),
			Usec: int64(left % time.Second / time.Microsecond)}
		unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv)

		m, err := unix.Read(fd, buf[n:])
		switch {
		case err == unix.EINTR:
			// With a timeout set, the kernel does not restart a read
			// that a signal interrupted. Go's runtime signals often.
		case err == unix.EAGAIN:
			return "", phone.ErrTooSlow // SO_RCVTIMEO ran out
		case err != nil:
			return "", err
		case m == 0:
			return "", ErrHungUp
		default:
			n += m
		}
	}
}
