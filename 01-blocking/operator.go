package main

import (
	"errors"
	"runtime"
	"time"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
)

// An operator has one phone line and one pair of hands: one OS thread.
// It is a contract.Model: the contract says when the day is over, the
// operator only how it stops picking up.
type operator struct {
	line   int           // the listening socket
	lookup time.Duration // how long finding a number takes
	idle   time.Duration // how long a caller has to ask
}

// Serve picks up calls one at a time until the line is closed.
//
// Accept blocks the thread until a caller rings; then the whole call
// runs on this same thread. While it does, nobody else is picked up:
// new callers wait in the listen backlog, ringing.
func (op *operator) Serve() error {
	// Keep the whole chapter on one OS thread, so that "one operator"
	// is true of the threads the kernel sees, not only of the code.
	runtime.LockOSThread()
	defer unix.Close(op.line)
	for {
		fd, err := blocking.Accept(op.line)
		if errors.Is(err, blocking.ErrLineClosed) {
			return nil // closing time, and no call is open
		}
		if err != nil {
			return err
		}
		blocking.Answer(fd, op.lookup, op.idle)
	}
}

// StopPickingUp closes the line. If the thread is asleep in accept(2),
// it wakes; if it is on a call, it finishes the call first, since that
// is the same thread, and finds the line closed when it comes back.
// The callers still ringing in the backlog are turned away.
func (op *operator) StopPickingUp() {
	blocking.CloseLine(op.line)
}
