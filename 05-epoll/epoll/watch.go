//go:build !exercise05

package epoll

import (
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
)

// Watch sets what fd is watched for, telling the kernel only what
// changes: the first interest is an EPOLL_CTL_ADD, another interest an
// EPOLL_CTL_MOD, nothing an EPOLL_CTL_DEL (the line stays on the
// board), and the same interest again no call at all. EPOLLOUT is in
// the kernel's list exactly while the line is watched for Writable.
func (e *Epoll) Watch(fd int, want switchboard.Interest) error {
	if fd < 0 {
		return fmt.Errorf("epoll: fd %d: %w", fd,
			switchboard.ErrOutOfReach)
	}
	for fd >= len(e.lines) {
		e.lines = append(e.lines, line{})
	}
	was := e.lines[fd].want
	var err error
	switch {
	case !e.lines[fd].watched || was == 0:
		if want != 0 {
			err = e.ctl(unix.EPOLL_CTL_ADD, fd, want)
		}
	case want == was:
		// The kernel has it already.
	case want == 0:
		err = e.ctl(unix.EPOLL_CTL_DEL, fd, 0)
	default:
		err = e.ctl(unix.EPOLL_CTL_MOD, fd, want)
	}
	if err != nil {
		return err
	}
	e.lines[fd] = line{watched: true, want: want}
	return nil
}
