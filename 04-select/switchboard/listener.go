package switchboard

import (
	"fmt"
	"time"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

// restFor is how long the line goes unwatched after accept ran out of
// fds, unless a call ends first and frees one.
const restFor = 100 * time.Millisecond

// pickUpAll picks up every caller ringing, until accept(2) says nobody
// else is (EAGAIN). Taking them all now, not one per wait, is what lets
// an edge-triggered poller, which says "readable" once, work unchanged.
func (sb *Switchboard) pickUpAll(Interest) {
	for sb.line >= 0 {
		fd, err := sb.accept(sb.line, unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC)
		switch {
		case err == nil:
			sb.pickUp(fd)
		case err == unix.EAGAIN:
			return // nobody else ringing
		case outOfRoom(err):
			sb.rest()
			return
		case !retry(err):
			sb.lineBroke(fmt.Errorf("accept: %w", err))
			return
		}
	}
}

// retry says whether accept(2) failed for one caller only, so the next
// caller ringing can still be picked up: a signal, a caller who hung up
// while ringing, or a network error the kernel hands on from the
// connection (accept(2), "Error handling"), or a firewall's EPERM.
func retry(err error) bool {
	switch err {
	case unix.EINTR, unix.ECONNABORTED, unix.EPERM, unix.EPROTO,
		unix.ENETDOWN, unix.ENETUNREACH, unix.EHOSTDOWN,
		unix.EHOSTUNREACH, unix.ENOPROTOOPT, unix.ENONET,
		unix.EOPNOTSUPP:
		return true
	}
	return false
}

// outOfRoom says whether accept(2) failed for want of fds or memory:
// the callers wait in the backlog until some comes free.
func outOfRoom(err error) bool {
	switch err {
	case unix.EMFILE, unix.ENFILE, unix.ENOBUFS, unix.ENOMEM:
		return true
	}
	return false
}

// accept4 is accept(2) without the caller's address. unix.Accept4
// returns it as a Sockaddr, which costs an allocation and, for IPv4, a
// getsockopt(2) a call (SO_PROTOCOL, to tell L2TP from TCP); nothing
// here reads it.
func accept4(line, flags int) (int, error) {
	fd, _, errno := unix.Syscall6(unix.SYS_ACCEPT4, uintptr(line),
		0, 0, uintptr(flags), 0, 0)
	if errno != 0 {
		return -1, errno
	}
	return int(fd), nil
}

// pickUp puts a new call on the board and starts it. A line the poller
// cannot watch (select: fd 1024 or more) is picked up only to hear
// busy.
func (sb *Switchboard) pickUp(fd int) {
	c := sb.callOn(fd)
	if err := sb.loop.Watch(fd, Readable, c.onReady); err != nil {
		busy(fd)
		return
	}
	sb.open++
	sb.follow(c, c.pickUp(sb, fd))
}

// callOn is the call for fd: the one its last call used, readied the
// first time the fd carries a call.
func (sb *Switchboard) callOn(fd int) *call {
	c := sb.calls.at(fd)
	if c.sb == nil {
		c.init(sb)
	}
	return c
}

// busy says "error: busy" on a line that never goes on the board, and
// hangs up. The socket is non-blocking and new, so the one short write
// goes into its empty buffer; if it did not, the caller is gone.
func busy(fd int) {
	unix.Write(fd, []byte(phone.ErrBusy.Line()))
	unix.Close(fd)
}

// rest stops watching the line when accept(2) runs out of fds. The
// callers ringing stay in the backlog, and the line stays readable:
// watched, it would wake every wait at once, and accept would fail
// again, a spin. So the switchboard looks away until a call ends and
// frees an fd (hangUp), or restFor passes (an fd may come free that
// was not a call's).
func (sb *Switchboard) rest() {
	if sb.resting != nil {
		return
	}
	if err := sb.loop.Watch(sb.line, 0, sb.ringing); err != nil {
		sb.lineBroke(err)
		return
	}
	sb.resting = sb.loop.After(restFor, sb.watchLine)
}

// watchLine watches the line for callers ringing: when Serve starts,
// and again after a rest.
func (sb *Switchboard) watchLine() {
	sb.loop.Stop(sb.resting)
	sb.resting = nil
	if sb.line < 0 {
		return
	}
	if err := sb.loop.Watch(sb.line, Readable, sb.ringing); err != nil {
		sb.lineBroke(err)
	}
}

// lineBroke stops picking up when the line cannot be accepted from or
// watched any more. Nothing is dropped silently: the calls picked up
// are answered, and then Serve returns err.
func (sb *Switchboard) lineBroke(err error) {
	sb.broke = fmt.Errorf("switchboard: the line broke: %w", err)
	sb.closeLine()
}
