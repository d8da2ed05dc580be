package main

import (
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// An operator is a room of them: one at the switchboard, who picks up,
// and one more for every call in progress, each on an OS thread.
type operator struct {
	line    int           // the listening socket
	lookup  time.Duration // how long finding a number takes
	idle    time.Duration // how long a caller has to ask
	calls   *switchboard  // the calls in progress, and how many may be
	closing atomic.Bool   // set once the day is over
}

// serve picks up every call that rings and hands it to a thread of its
// own, until the operator closes.
//
// The thread that accepts never answers, so it is back in accept(2)
// at once: callers hardly ring. Past the switchboard's limit a caller
// is picked up only to hear "busy", rather than cost one more thread.
func (op *operator) serve() error {
	runtime.LockOSThread() // the switchboard has a thread of its own too
	defer unix.Close(op.line)
	for {
		fd, err := blocking.Accept(op.line)
		if err != nil {
			if op.closing.Load() {
				return nil // closeOn shut the line down: go home
			}
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

// closeOn waits for SIGINT or SIGTERM and stops picking up. Shutting the
// listening socket down wakes the switchboard's thread in accept(2) (it
// returns EINVAL), and the kernel refuses the callers still ringing.
// The calls in progress go on, each on its own thread.
func (op *operator) closeOn(stop <-chan os.Signal) {
	<-stop
	op.closing.Store(true)
	unix.Shutdown(op.line, unix.SHUT_RD)
}

// goHome waits up to grace for every call in progress to be answered,
// and returns the exit status: 0 if they all were, 1 if one was still
// open when grace ran out (and the process hangs up on it).
func (op *operator) goHome(grace time.Duration) int {
	if op.calls.waitQuiet(grace) {
		return 0
	}
	fmt.Fprintf(os.Stderr, "02-threads: a call still open after %v;"+
		" hanging up on it\n", grace)
	return 1
}
