//go:build exercise01

package blocking

import (
	"errors"
	"time"
)

// Exercise 2: hear the question.
//
// ReadQuestion reads from the blocking socket fd until:
//   - phone.ParseQuestion says the question is whole: return the name;
//   - it says the line is bad: return its phone.Error;
//   - read(2) returns 0 bytes, the caller hung up: return ErrHungUp;
//   - deadline passes: return phone.ErrTooSlow.
//
// Read into one buffer of phone.MaxLine bytes, never more in all, and
// ask phone.ParseQuestion(the bytes so far) after every read, since a
// question may come in pieces: it returns (name, ok, err), ok once the
// question is whole, err once the line cannot be one.
//
// Bound each read with SO_RCVTIMEO (unix.SetsockoptTimeval) set to the
// time left until deadline, not a fixed time: a caller who sends one
// byte at a time must still be cut off at deadline. A timed-out read
// fails with EAGAIN. Two traps:
//   - The zero timeval. An SO_RCVTIMEO of zero means "wait forever".
//     unix.NsecToTimeval rounds the time left to zero when the
//     deadline is now or passed under 2 µs ago (and a timeval built
//     by truncating does so while it is under 1 µs away). Check the
//     time left before you hand it to the kernel.
//   - EINTR. Go's runtime sends its threads signals (SIGURG), and a
//     read with a timeout set that a signal interrupts is not
//     restarted: it fails with EINTR. That is not the caller's fault:
//     read again.
//
// Check: go test -race -tags exercise01 -run Exercise2 ./blocking
func ReadQuestion(fd int, deadline time.Time) (string, error) {
	return "", errors.New("exercise 2: ReadQuestion is not written yet")
}
