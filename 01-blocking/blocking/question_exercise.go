//go:build exercise

package blocking

import (
	"errors"
	"time"
)

// ErrHungUp is a caller who hung up before finishing the question.
var ErrHungUp = errors.New("caller hung up")

// Exercise 2: hear the question.
//
// ReadQuestion reads from the blocking socket fd until:
//   - phone.ParseQuestion says the question is whole: return the name;
//   - it says the line is bad: return its phone.Error;
//   - read(2) returns 0 bytes, the caller hung up: return ErrHungUp;
//   - deadline passes: return phone.ErrTooSlow.
//
// Bound each read with SO_RCVTIMEO (unix.SetsockoptTimeval) set to the
// time left; a timed-out read fails with EAGAIN. A read interrupted by
// a signal fails with EINTR: just read again. Never read more than
// phone.MaxLine bytes in all.
// Check: go test -tags exercise -run Exercise2 ./blocking
func ReadQuestion(fd int, deadline time.Time) (string, error) {
	return "", errors.New("exercise 2: readQuestion is not written yet")
}
