package switchboard

import (
	"fmt"
	"time"

	"golang.org/x/sys/unix"
)

// fdSetSize is FD_SETSIZE: an fd_set is a bitmap of 1024 bits, one per
// fd from 0 to 1023, and select(2) can look at no fd past it.
const fdSetSize = 1024

// Select is the Poller on select(2). It keeps what each fd is watched
// for, and before every wait builds the two fd_sets from it anew:
// select overwrites them with its answer.
//
// The kernel scans every fd below the highest one watched, on every
// wait, and then Select scans them again to read the answer: the cost
// of a wait grows with the lines watched, not with the lines ready.
type Select struct {
	want [fdSetSize]Interest // what each fd is watched for
	// watched says which fds are on the board, Interest or not.
	watched [fdSetSize]bool
	top     int // one past the highest fd on the board: select's nfds

	readers, writers unix.FdSet
}

// NewSelect returns a Poller on select(2).
func NewSelect() *Select { return &Select{} }

// Watch sets what fd is watched for. An fd of 1024 or more cannot go
// in an fd_set: unix.FdSet.Set does not check, and would write past
// the bitmap. So it is refused, never set.
func (s *Select) Watch(fd int, want Interest) error {
	if fd < 0 || fd >= fdSetSize {
		return fmt.Errorf("select: fd %d: %w (FD_SETSIZE is %d)",
			fd, ErrOutOfReach, fdSetSize)
	}
	s.want[fd], s.watched[fd] = want, true
	s.top = max(s.top, fd+1)
	return nil
}

// Forget takes fd off the board.
func (s *Select) Forget(fd int) error {
	if fd < 0 || fd >= fdSetSize || !s.watched[fd] {
		return fmt.Errorf("select: fd %d is not watched", fd)
	}
	s.want[fd], s.watched[fd] = 0, false
	for s.top > 0 && !s.watched[s.top-1] {
		s.top--
	}
	return nil
}

// Wait rebuilds the fd_sets, calls select(2), and reads its answer.
func (s *Select) Wait(timeout time.Duration,
	events []Event) ([]Event, error) {
	events = events[:0]
	s.readers.Zero()
	s.writers.Zero()
	for fd := range s.top {
		if s.want[fd]&Readable != 0 {
			s.readers.Set(fd)
		}
		if s.want[fd]&Writable != 0 {
			s.writers.Set(fd)
		}
	}
	n, err := unix.Select(s.top, &s.readers, &s.writers, nil,
		timeval(timeout))
	if err == unix.EINTR {
		return events, nil
	}
	if err != nil {
		return events, fmt.Errorf("select: %w", err)
	}
	for fd := 0; fd < s.top && len(events) < n; fd++ {
		var ready Interest
		if s.readers.IsSet(fd) {
			ready |= Readable
		}
		if s.writers.IsSet(fd) {
			ready |= Writable
		}
		if ready != 0 {
			events = append(events, Event{Fd: fd, Ready: ready})
		}
	}
	return events, nil
}

// timeval is timeout as select(2) takes it: nil for no timeout, else
// in microseconds, rounded up, and at most MaxWait like every Poller.
func timeval(timeout time.Duration) *unix.Timeval {
	if timeout < 0 {
		return nil
	}
	timeout = min(timeout, MaxWait)
	// NsecToTimeval rounds up to the microsecond.
	tv := unix.NsecToTimeval(timeout.Nanoseconds())
	return &tv
}

// Close does nothing: select keeps nothing in the kernel.
func (s *Select) Close() error { return nil }
