// Wrong: on EAGAIN it parks without asking the loop to watch the fd:
// nothing resumes it, not the caller speaking, not a hang-up.
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
		case unix.EAGAIN:
			if err := co.park(); err != nil {
				return 0, err
			}
		case unix.EINTR:
		default:
			return 0, err
		}
	}
}
