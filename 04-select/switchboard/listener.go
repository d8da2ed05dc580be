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
func (sb *Switchboard) pickUpAll() error {
	for sb.line >= 0 {
		fd, _, err := unix.Accept4(sb.line,
			unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC)
		switch err {
		case nil:
			sb.pickUp(fd)
		case unix.EAGAIN:
			return nil // nobody else ringing
		case unix.EINTR, unix.ECONNABORTED:
			// a signal, or a caller who hung up while ringing
		case unix.EMFILE, unix.ENFILE, unix.ENOBUFS, unix.ENOMEM:
			sb.rest()
			return nil
		default:
			return fmt.Errorf("accept: %w", err)
		}
	}
	return nil
}

// pickUp puts a new call on the board and starts it. A line the poller
// cannot watch (select: fd 1024 or more) is picked up only to hear
// busy.
func (sb *Switchboard) pickUp(fd int) {
	if err := sb.poller.Watch(fd, Readable); err != nil {
		busy(fd)
		return
	}
	for fd >= len(sb.calls) {
		sb.calls = append(sb.calls, nil)
	}
	c := &call{fd: fd, want: Readable}
	sb.calls[fd] = c
	sb.open++
	sb.follow(c, c.pickUp(sb))
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
	sb.poller.Watch(sb.line, 0)
	sb.resting = sb.timers.After(restFor, sb.watchLine)
}

// watchLine watches the line again after a rest.
func (sb *Switchboard) watchLine() {
	sb.timers.Stop(sb.resting)
	sb.resting = nil
	if sb.line >= 0 {
		sb.poller.Watch(sb.line, Readable)
	}
}
