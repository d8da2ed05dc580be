//go:build !exercise07

package coro

import (
	"time"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
)

// Read reads what the non-blocking fd has into b, parking while it has
// nothing, until deadline (ErrTimeout). Like read(2), 0 bytes and no
// error means the other end hung up.
func (co *Co) Read(fd int, b []byte, deadline time.Time) (int, error) {
	for {
		n, err := unix.Read(fd, b)
		switch err {
		case nil:
			return n, nil
		case unix.EAGAIN:
			if _, err := co.Await(fd, switchboard.Readable,
				deadline); err != nil {
				return 0, err
			}
		case unix.EINTR:
		default:
			return 0, err
		}
	}
}
