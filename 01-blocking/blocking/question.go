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
		// SO_RCVTIMEO bounds each read(2); set it to what is left. A
		// timeval of zero means "wait forever", and a deadline that
		// has just come rounds to zero: so under a millisecond left
		// is too slow already.
		left := time.Until(deadline)
		if left < time.Millisecond {
			return "", phone.ErrTooSlow
		}
		tv := unix.NsecToTimeval(left.Nanoseconds())
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
