package blocking

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// ErrLineClosed is what Accept returns once CloseLine was called: the
// day is over, and nobody else will be picked up.
var ErrLineClosed = errors.New("the line is closed")

// CloseLine stops picking up on line, from any thread. A thread asleep
// in accept(2) on it wakes (accept fails with EINVAL, which Accept
// reports as ErrLineClosed), and the kernel turns away the callers
// still ringing once the line is closed. The socket itself stays open
// until its owner closes it, so its number cannot be reused while
// another thread may still be in accept(2) on it.
func CloseLine(line int) error {
	return unix.Shutdown(line, unix.SHUT_RD)
}

// outOfFDsPause is how long Accept waits when there is no file
// descriptor to take a call with: long enough not to spin a core,
// short enough that a freed fd is used soon.
var outOfFDsPause = unix.NsecToTimespec(100e6)

// Accept blocks until a caller rings on line, and returns the call's
// socket, blocking like the line itself.
//
// It rides out what is not the line's fault: a signal (EINTR), a caller
// who hung up while ringing (ECONNABORTED), and running out of file
// descriptors (EMFILE, ENFILE). Out of fds, the caller stays ringing in
// the backlog and accept would fail again at once, so it pauses a
// little instead of spinning a core. After CloseLine it returns
// ErrLineClosed; any other error is returned as it is.
func Accept(line int) (int, error) {
	for {
		fd, _, err := unix.Accept4(line, unix.SOCK_CLOEXEC)
		switch {
		case err == nil:
			return fd, nil
		case errors.Is(err, unix.EINTR),
			errors.Is(err, unix.ECONNABORTED):
		case errors.Is(err, unix.EMFILE), errors.Is(err, unix.ENFILE):
			// A signal may cut the pause short: then accept is
			// simply tried again a little sooner.
			unix.Nanosleep(&outOfFDsPause, nil)
		case errors.Is(err, unix.EINVAL):
			return -1, ErrLineClosed
		default:
			return -1, fmt.Errorf("accept: %w", err)
		}
	}
}
