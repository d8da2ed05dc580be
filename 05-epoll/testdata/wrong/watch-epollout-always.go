// Wrong: arms EPOLLOUT with every interest, "in case there is output":
// a socket almost always has room, so level-triggered every wait
// returns at once with every line, a busy loop.
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
	was := e.lines[fd].want
	armed := want
	if want != 0 {
		armed |= switchboard.Writable
	}
	var err error
	switch {
	case !e.lines[fd].watched || was == 0:
		if want != 0 {
			err = e.ctl(unix.EPOLL_CTL_ADD, fd, armed)
		}
	case want == was:
	case want == 0:
		err = e.ctl(unix.EPOLL_CTL_DEL, fd, 0)
	default:
		err = e.ctl(unix.EPOLL_CTL_MOD, fd, armed)
	}
	if err != nil {
		return err
	}
	e.lines[fd] = line{watched: true, want: want}
	return nil
}
