package epoll

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
)

// Epoll is the switchboard's Poller on epoll(7).
//
// The kernel keeps the interest list; Epoll keeps what it told the
// kernel, line by line, so that it never makes an epoll_ctl(2) that
// changes nothing. A line watched for nothing (a call on hold) is
// kept on the board here but taken out of the kernel's list: a caller
// who hangs up while on hold cannot wake the loop for nothing, and
// the kernel's list holds only the lines a call waits on.
type Epoll struct {
	fd      int
	trigger Trigger
	lines   []line            // by fd: what each line is watched for
	ready   []unix.EpollEvent // the one buffer every wait fills
	ctls    int               // epoll_ctl calls made: the tests count
}

// A line is one fd on the board: two bytes, however many calls wait.
type line struct {
	watched bool                 // Watch called, Forget not yet
	want    switchboard.Interest // what the kernel has; 0: not there
}

// readyAtOnce is how many ready lines one wait takes from the kernel.
// More stay on the kernel's ready list for the next wait.
const readyAtOnce = 512

// New makes the kernel's interest list, epoll_create1(EPOLL_CLOEXEC),
// with every line reported by trigger.
func New(trigger Trigger) (*Epoll, error) {
	fd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("epoll_create1: %w", err)
	}
	return &Epoll{fd: fd, trigger: trigger,
		ready: make([]unix.EpollEvent, readyAtOnce)}, nil
}

// Trigger says how this Epoll reports ready lines.
func (e *Epoll) Trigger() Trigger { return e.trigger }

// Forget takes fd off the board, and out of the kernel's list if it
// is there. Closing fd would drop it from the kernel's list too, but
// only when no other fd shares the open file: saying so is safer.
func (e *Epoll) Forget(fd int) error {
	if fd < 0 || fd >= len(e.lines) || !e.lines[fd].watched {
		return fmt.Errorf("epoll: fd %d is not watched", fd)
	}
	var err error
	if e.lines[fd].want != 0 {
		err = e.ctl(unix.EPOLL_CTL_DEL, fd, 0)
	}
	e.lines[fd] = line{}
	return err
}

// Wait waits in epoll_wait(2) until a line is ready or timeout passes
// (negative: no timeout). The kernel copies out only the ready lines.
func (e *Epoll) Wait(timeout time.Duration,
	events []switchboard.Event) ([]switchboard.Event, error) {
	// Rounded up and clamped: epoll_wait takes a C int of ms.
	n, err := unix.EpollWait(e.fd, e.ready, switchboard.Millis(timeout))
	if err == unix.EINTR {
		return events[:0], nil // a signal: Go's runtime sends many
	}
	if err != nil {
		return events[:0], fmt.Errorf("epoll_wait: %w", err)
	}
	return e.collect(e.ready[:n], events), nil
}

// Close closes the kernel's interest list.
func (e *Epoll) Close() error { return unix.Close(e.fd) }

// wants is what fd is watched for; nothing if it is not on the board.
func (e *Epoll) wants(fd int) switchboard.Interest {
	if fd < 0 || fd >= len(e.lines) {
		return 0
	}
	return e.lines[fd].want
}

// events is what the kernel is asked to report for want. EPOLLRDHUP
// goes with reading: a caller who hangs up is read as 0 bytes. The
// kernel adds EPOLLHUP and EPOLLERR to every line itself.
func (e *Epoll) events(want switchboard.Interest) uint32 {
	var ev uint32
	if want&switchboard.Readable != 0 {
		ev |= unix.EPOLLIN | unix.EPOLLRDHUP
	}
	if want&switchboard.Writable != 0 {
		ev |= unix.EPOLLOUT
	}
	return ev | e.trigger.flag()
}

// ctl is epoll_ctl(2), counted. A line the kernel will not watch (a
// regular file: EPERM; max_user_watches reached: ENOSPC) is out of
// reach: the switchboard says busy on it.
func (e *Epoll) ctl(op, fd int, want switchboard.Interest) error {
	e.ctls++
	ev := unix.EpollEvent{Events: e.events(want), Fd: int32(fd)}
	err := unix.EpollCtl(e.fd, op, fd, &ev)
	if errors.Is(err, unix.EPERM) || errors.Is(err, unix.ENOSPC) {
		return fmt.Errorf("epoll_ctl: fd %d: %w: %w", fd,
			switchboard.ErrOutOfReach, err)
	}
	if err != nil {
		return fmt.Errorf("epoll_ctl: fd %d: %w", fd, err)
	}
	return nil
}
