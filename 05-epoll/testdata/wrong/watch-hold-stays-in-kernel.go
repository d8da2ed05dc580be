// Wrong: puts a line on hold by MOD-ing it to no events. The kernel
// still reports EPOLLHUP and EPOLLERR on it, level-triggered on every
// wait: a caller who hangs up on hold makes the loop spin until the
// lookup ends.
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
	was := e.lines[fd]
	var err error
	switch {
	case !was.watched:
		err = e.ctl(unix.EPOLL_CTL_ADD, fd, want)
	case want != was.want:
		err = e.ctl(unix.EPOLL_CTL_MOD, fd, want)
	}
	if err != nil {
		return err
	}
	e.lines[fd] = line{watched: true, want: want}
	return nil
}
