// Wrong: on EAGAIN it reads again at once instead of parking: the
// loop's thread spins in read(2), and nobody else runs.
// Replaces: coro/read.go
// Fails: TestExercise2ReadParksUntilTheCallerSpeaksHangsUpOrTheDeadline

//go:build !exercise07

package coro

import (
	"time"

	"golang.org/x/sys/unix"
)

func (co *Co) Read(fd int, b []byte, deadline time.Time) (int, error) {
	for {
		n, err := unix.Read(fd, b)
		switch err {
		case nil:
			return n, nil
		case unix.EAGAIN, unix.EINTR:
			if time.Now().After(deadline) {
				return 0, ErrTimeout
			}
		default:
			return 0, err
		}
	}
}
