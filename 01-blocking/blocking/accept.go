package blocking

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/sys/unix"
)

// Accept blocks until a caller rings on line, and returns the call's
// socket, blocking like the line itself.
//
// It rides out what is not the line's fault: a signal (EINTR), a caller
// who hung up while ringing (ECONNABORTED), and running out of file
// descriptors (EMFILE, ENFILE). Out of fds, the caller stays ringing in
// the backlog and accept would fail again at once, so it waits a little
// instead of spinning a core. Any other error is returned: after
// Shutdown(line, SHUT_RD) that is EINVAL, the day is over.
func Accept(line int) (int, error) {
	for {
		fd, _, err := unix.Accept4(line, unix.SOCK_CLOEXEC)
		switch {
		case err == nil:
			return fd, nil
		case errors.Is(err, unix.EINTR),
			errors.Is(err, unix.ECONNABORTED):
		case errors.Is(err, unix.EMFILE), errors.Is(err, unix.ENFILE):
			Hold(100 * time.Millisecond)
		default:
			return -1, fmt.Errorf("accept: %w", err)
		}
	}
}
