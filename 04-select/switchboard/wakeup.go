package switchboard

import (
	"encoding/binary"
	"fmt"

	"golang.org/x/sys/unix"
)

// A Wakeup is a line another goroutine can ring to wake the loop: an
// eventfd(2), watched like any call. The loop's thread sleeps in the
// kernel, in select or poll; a Go channel cannot reach it there, a
// readable fd can.
type Wakeup struct {
	fd int
}

// NewWakeup opens the eventfd, non-blocking like every line on the
// board.
func NewWakeup() (*Wakeup, error) {
	fd, err := unix.Eventfd(0, unix.EFD_NONBLOCK|unix.EFD_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("eventfd: %w", err)
	}
	return &Wakeup{fd: fd}, nil
}

// Fd is the line to watch for Readable.
func (w *Wakeup) Fd() int { return w.fd }

// Ring makes the line readable. It is safe from any goroutine, and
// rings that come before the loop looks add up to one wake-up.
func (w *Wakeup) Ring() error {
	var one [8]byte
	binary.NativeEndian.PutUint64(one[:], 1)
	for {
		_, err := unix.Write(w.fd, one[:])
		if err == unix.EINTR {
			continue
		}
		// EAGAIN: the counter is full, so the line rings already.
		if err == unix.EAGAIN {
			return nil
		}
		return err
	}
}

// Answer resets the line, so it stops being readable until it rings
// again.
func (w *Wakeup) Answer() {
	var count [8]byte
	for {
		if _, err := unix.Read(w.fd, count[:]); err != unix.EINTR {
			return
		}
	}
}

// Close closes the eventfd.
func (w *Wakeup) Close() error { return unix.Close(w.fd) }
