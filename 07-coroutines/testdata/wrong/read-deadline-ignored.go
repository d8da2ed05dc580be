// Wrong: waits for the fd with no deadline: a caller who says nothing
// keeps the coroutine parked for ever.
// Replaces: coro/read.go
// Fails: TestExercise2ReadParksUntilTheCallerSpeaksHangsUpOrTheDeadline

//go:build !exercise07

package coro

import (
	"time"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
)

func (co *Co) Read(fd int, b []byte, deadline time.Time) (int, error) {
	for {
		n, err := unix.Read(fd, b)
		switch err {
		case nil:
			return n, nil
		case unix.EAGAIN:
			if _, err := co.Await(fd, switchboard.Readable,
				time.Time{}); err != nil {
				return 0, err
			}
		case unix.EINTR:
		default:
			return 0, err
		}
	}
}
