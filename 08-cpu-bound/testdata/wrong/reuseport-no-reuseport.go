// Wrong: a listener without SO_REUSEPORT (SO_REUSEADDR alone): the
// second line on the port is refused, EADDRINUSE.
// Replaces: reuseport.go
// Fails: TestExercise2TwoLinesShareOnePort

//go:build !exercise08

package main

import (
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/workshop/contract"
)

// ListenShared listens on addr with SO_REUSEPORT, so several loops or
// processes can each have a line of their own on the same port: the
// kernel hands each new caller to one of them, by a hash of the
// caller's address and port. It returns the line and the address bound
// (addr with port 0 gets a free port, which the next lines then share).
func ListenShared(addr string, backlog int) (int, string, error) {
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
