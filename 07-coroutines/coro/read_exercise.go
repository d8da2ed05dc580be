//go:build exercise07

package coro

import "time"

// Read reads what the non-blocking fd has into b, parking while it has
// nothing, until deadline (ErrTimeout). Like read(2), 0 bytes and no
// error means the other end hung up.
//
// Exercise 2: write it with unix.Read and co.Await. EAGAIN means
// "nothing yet": park until the fd is readable, or the deadline.
func (co *Co) Read(fd int, b []byte, deadline time.Time) (int, error) {
	return 0, nil
}
