package main

import (
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// closeOn waits for SIGINT or SIGTERM and closes the call centre.
//
// It marks the day over, then shuts the line down: the receptionist's
// accept(2) wakes with EINVAL, and the kernel refuses the callers still
// ringing. Calls already picked up keep their workers and get their
// answers; calls still queued hear busy. If a call picked up is not
// done within grace, the centre closes anyway and says so.
func (p *pool) closeOn(stop <-chan os.Signal, line int,
	grace time.Duration) {
	sig := <-stop
	p.closing.Store(true)
	unix.Shutdown(line, unix.SHUT_RD)
	time.Sleep(grace)
	fmt.Fprintf(os.Stderr, "03-pool: %v: calls still open after %v;"+
		" hanging up on them\n", sig, grace)
	os.Exit(1)
}
