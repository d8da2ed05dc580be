package switchboard

import (
	"fmt"
	"time"

	"golang.org/x/sys/unix"
)

// Poll is the Poller on poll(2). It keeps one pollfd per fd on the
// board, in an array the kernel reads on every wait: no bitmap, so no
// wall at 1024, but the kernel still looks at every entry every time.
type Poll struct {
	fds []unix.PollFd // what poll(2) is given, one entry per fd
	// at is where each fd's entry is in fds, by fd; -1 if none.
	at []int32
	// fd is each entry's fd. An entry watched for nothing is handed to
	// the kernel as -1 (see Watch), so the fd is kept here as well.
	fd []int32
}

// NewPoll returns a Poller on poll(2).
func NewPoll() *Poll { return &Poll{} }

// events is what poll(2) is asked to report for want.
func pollEvents(want Interest) int16 {
	var e int16
	if want&Readable != 0 {
		e |= unix.POLLIN
	}
	if want&Writable != 0 {
		e |= unix.POLLOUT
	}
	return e
}

// Watch sets what fd is watched for, adding an entry the first time.
//
// poll(2) reports POLLHUP and POLLERR even for an entry that asks for
// nothing, and goes on reporting them at once on every wait. A caller
// who hung up while on hold would turn the loop into a spin until the
// lookup ends. So an entry watched for nothing gets fd -1, which poll
// skips, and gets its fd back when it is watched for something again.
func (p *Poll) Watch(fd int, want Interest) error {
	if fd < 0 {
		return fmt.Errorf("poll: fd %d: %w", fd, ErrOutOfReach)
	}
	for fd >= len(p.at) {
		p.at = append(p.at, -1)
	}
	i := p.at[fd]
	if i < 0 {
		i = int32(len(p.fds))
		p.at[fd] = i
		p.fds = append(p.fds, unix.PollFd{})
		p.fd = append(p.fd, int32(fd))
	}
	p.fds[i] = unix.PollFd{Fd: int32(fd), Events: pollEvents(want)}
	if want == 0 {
		p.fds[i].Fd = -1
	}
	return nil
}

// Forget takes fd's entry out, moving the last entry into its place.
func (p *Poll) Forget(fd int) error {
	if fd < 0 || fd >= len(p.at) || p.at[fd] < 0 {
		return fmt.Errorf("poll: fd %d is not watched", fd)
	}
	i, last := p.at[fd], int32(len(p.fds)-1)
	p.fds[i], p.fd[i] = p.fds[last], p.fd[last]
	p.at[p.fd[i]] = i
	p.fds, p.fd = p.fds[:last], p.fd[:last]
	p.at[fd] = -1
	return nil
}

// Wait calls poll(2) on every entry and collects the ready ones.
func (p *Poll) Wait(timeout time.Duration,
	events []Event) ([]Event, error) {
	n, err := unix.Poll(p.fds, Millis(timeout))
	if err == unix.EINTR {
		return events[:0], nil
	}
	if err != nil {
		return events[:0], fmt.Errorf("poll: %w", err)
	}
	return p.collect(n, events), nil
}

// Close does nothing: poll keeps nothing in the kernel.
func (p *Poll) Close() error { return nil }
