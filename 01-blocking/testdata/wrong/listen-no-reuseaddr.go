// Wrong: skips SO_REUSEADDR, so a restarted operator cannot bind its port
// Replaces: blocking/listen.go
// Fails: TestExercise1ListenRebindsWhileCallsLingerInTimeWait

//go:build !exercise01

package blocking

import (
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/workshop/contract"
)

// Listen installs the operator's phone.
func Listen(addr string, backlog int) (int, string, error) {
	sa, domain, err := contract.Sockaddr(addr)
	if err != nil {
		return -1, "", err
	}
	fd, err := unix.Socket(domain, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, "", fmt.Errorf("socket: %w", err)
	}
	err = unix.Bind(fd, sa)
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
