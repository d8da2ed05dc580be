package main

import (
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
)

// An operator has one phone line and one pair of hands: one OS thread.
type operator struct {
	line    int           // the listening socket
	lookup  time.Duration // how long finding a number takes
	idle    time.Duration // how long a caller has to ask
	closing atomic.Bool   // set once the day is over
}

// serve picks up calls one at a time until the operator closes.
//
// Accept blocks the thread until a caller rings; then the whole call
// runs on this same thread. While it does, nobody else is picked up:
// new callers wait in the listen backlog, ringing.
func (op *operator) serve() error {
	// Keep the whole chapter on one OS thread, so that "one operator"
	// is true of the threads the kernel sees, not only of the code.
	runtime.LockOSThread()
	defer unix.Close(op.line)
	for {
		fd, err := blocking.Accept(op.line)
		if err != nil {
			if op.closing.Load() {
				return nil // closeOn shut the line down: go home
			}
			return err
		}
		blocking.Answer(fd, op.lookup, op.idle)
	}
}

// closeOn waits for SIGINT or SIGTERM and stops picking up. Shutting the
// listening socket down wakes the thread blocked in accept(2) (it returns
// EINVAL), and the kernel refuses the callers still ringing. A call
// already picked up keeps its thread and gets its answer; if it is not
// done within grace, the operator leaves anyway and says so.
func (op *operator) closeOn(stop <-chan os.Signal, grace time.Duration) {
	sig := <-stop
	op.closing.Store(true)
	unix.Shutdown(op.line, unix.SHUT_RD)
	time.Sleep(grace)
	fmt.Fprintf(os.Stderr, "01-blocking: %v: a call still open after %v;"+
		" hanging up on it\n", sig, grace)
	os.Exit(1)
}
