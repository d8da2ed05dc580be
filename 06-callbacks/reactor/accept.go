package reactor

import (
	"fmt"
	"time"

	"golang.org/x/sys/unix"
)

// restFor is how long a listener looks away after accept(2) ran out of
// fds, unless the reactor closes an fd first.
const restFor = 100 * time.Millisecond

// A Listener picks up every caller ringing on a listening socket and
// hands each new fd on.
type Listener struct {
	r       *Reactor
	fd      int // -1 once closed
	pickUp  func(fd int)
	broke   func(err error)
	resting *Timer
}

// Listen calls pickUp with each connection accepted on line, a
// listening socket it makes non-blocking, until Close. If accept(2)
// fails for good, it closes line and calls broke.
func (r *Reactor) Listen(line int, pickUp func(fd int),
	broke func(err error)) (*Listener, error) {
	if err := unix.SetNonblock(line, true); err != nil {
		return nil, fmt.Errorf("O_NONBLOCK: %w", err)
	}
	l := &Listener{r: r, fd: line, pickUp: pickUp, broke: broke}
	r.freed = append(r.freed, l.wake)
	return l, r.WhenReadable(line, l.ringing)
}

// ringing picks up everyone ringing, until accept says nobody else is:
// an edge-triggered poller says readable once for all of them.
func (l *Listener) ringing() {
	for l.fd >= 0 {
		fd, _, err := unix.Accept4(l.fd, unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC)
		switch err {
		case nil:
			l.pickUp(fd)
			continue
		case unix.EAGAIN:
			l.listen()
		case unix.EMFILE, unix.ENFILE, unix.ENOBUFS, unix.ENOMEM:
			// The callers wait in the backlog. Watched now, the line
			// would light every wait and accept fail again: a spin.
			l.resting = l.r.After(restFor, l.wake)
		case unix.EINTR, unix.ECONNABORTED, unix.EPERM, unix.EPROTO:
			continue // that one caller only
		default:
			l.Close()
			if l.broke != nil {
				l.broke(fmt.Errorf("accept: %w", err))
			}
		}
		return
	}
}

func (l *Listener) listen() {
	if err := l.r.WhenReadable(l.fd, l.ringing); err != nil {
		l.Close()
		if l.broke != nil {
			l.broke(err)
		}
	}
}

// wake ends a rest: restFor passed, or an fd came free.
func (l *Listener) wake() {
	if l.resting == nil || l.fd < 0 {
		return
	}
	l.r.Cancel(l.resting)
	l.resting = nil
	l.listen()
}

// Close stops picking up and closes the line: callers still ringing
// are refused by the kernel.
func (l *Listener) Close() {
	if l.fd < 0 {
		return
	}
	l.r.Cancel(l.resting)
	l.resting = nil
	fd := l.fd
	l.fd = -1
	l.r.Close(fd)
}
