// Wrong: tells the kernel every Watch, changed or not: one
// epoll_ctl(EPOLL_CTL_MOD) too many each time, and a line on hold is
// MOD-ed to nothing instead of taken out.
// Replaces: epoll/watch.go
// Fails: TestExercise2TheKernelHearsOnlyWhatChanges

//go:build !exercise05

package epoll

import (
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
)

func (e *Epoll) Watch(fd int, want switchboard.Interest) error {
	if fd < 0 {
		return fmt.Errorf("epoll: fd %d: %w", fd,
			switchboard.ErrOutOfReach)
	}
	for fd >= len(e.lines) {
		e.lines = append(e.lines, line{})
	}
	op := unix.EPOLL_CTL_MOD
	if !e.lines[fd].watched {
		op = unix.EPOLL_CTL_ADD
	}
	if err := e.ctl(op, fd, want); err != nil {
		return err
	}
	// Always in the kernel now: Forget must DEL it.
	e.lines[fd] = line{watched: true, want: want}
	return nil
}
