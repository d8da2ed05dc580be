//go:build !exercise01

package blocking

import (
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/workshop/contract"
)

// Listen installs the operator's phone: a TCP socket, bound to addr and
// listening, with room for backlog callers to ring. It returns the
// socket and the address it is bound to (port 0 picks a free one).
//
// The socket is blocking, the default: accept(2) on it puts the calling
// thread to sleep until a caller rings.
func Listen(addr string, backlog int) (int, string, error) {
	sa, domain, err := contract.Sockaddr(addr)
	if err != nil {
		return -1, "", err
	}
	fd, err := unix.Socket(domain, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, "", fmt.Errorf("socket: %w", err)
	}
	// Without SO_REUSEADDR a restarted operator could not bind while
	// the last day's calls linger in TIME_WAIT.
	err = unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1)
	if err == nil {
		err = unix.Bind(fd, sa)
	}
	if err == nil {
		err = unix.Listen(fd, backlog)
	}
	if err != nil {
		unix.Close(fd)
		return -1, "", fmt.Errorf("listen on %s: %w", addr, err)
	}
	bound, err := unix.Getsockname(fd)
	if err != nil {
		unix.Close(fd)
		return -1, "", fmt.Errorf("getsockname: %w", err)
	}
	return fd, contract.SockaddrString(bound), nil
}
