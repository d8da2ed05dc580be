// Wrong: ignores backlog and asks listen(2) for the most the kernel allows
// Replaces: blocking/listen.go
// Fails: TestExercise1ListenQueuesBacklogCallersAndNoMore

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
	err = unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1)
	if err == nil {
		err = unix.Bind(fd, sa)
	}
	if err == nil {
		err = unix.Listen(fd, unix.SOMAXCONN)
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
