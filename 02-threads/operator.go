package main

import (
	"errors"
	"runtime"
	"time"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// An operator is a room of them: the receptionist, who picks up, and
// one more for every call in progress, each on an OS thread.
type operator struct {
	line   int           // the listening socket
	lookup time.Duration // how long finding a number takes
	idle   time.Duration // how long a caller has to ask
	calls  *calls        // the calls in progress, and how many may be
}

// Serve is the receptionist: she picks up every call that rings and
// hands it to a thread of its own, until StopPickingUp closes the
// line. Then she waits for the last call in progress to hang up.
//
// She never answers, so she is back in accept(2) at once: callers
// hardly ring. Past the limit on calls a caller is picked up only to
// hear "busy", rather than cost one more thread.
func (op *operator) Serve() error {
	runtime.LockOSThread() // the receptionist has a thread of her own
	defer unix.Close(op.line)
	for {
		fd, err := blocking.Accept(op.line)
		if errors.Is(err, blocking.ErrLineClosed) {
			op.calls.waitQuiet() // the calls go on on their threads
			return nil
		}
		if err != nil {
			return err
		}
		if !op.calls.pickUp() {
			blocking.Refuse(fd, phone.ErrBusy)
			continue
		}
		onItsOwnThread(func() {
			defer op.calls.hangUp()
			blocking.Answer(fd, op.lookup, op.idle)
		})
	}
}

// StopPickingUp closes the line: the receptionist wakes in accept(2)
// and stops, and the kernel turns away the callers still ringing. The
// calls in progress go on, each on its own thread.
func (op *operator) StopPickingUp() {
	blocking.CloseLine(op.line)
}
