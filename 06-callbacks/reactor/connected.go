//go:build !exercise06

package reactor

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// connected says whether a non-blocking connect on fd, now writable,
// went through: nil, or the error the kernel kept for it in SO_ERROR
// (ECONNREFUSED when nobody listens).
func connected(fd int) error {
	soErr, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ERROR)
	if err != nil {
		return fmt.Errorf("getsockopt SO_ERROR: %w", err)
	}
	if soErr != 0 {
		return fmt.Errorf("connect: %w", unix.Errno(soErr))
	}
	return nil
}
