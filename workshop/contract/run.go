package contract

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

// A Model is one chapter's way of taking calls, as the contract runs
// it. The contract owns closing time; a model says only how it stops
// picking up.
type Model interface {
	// Serve picks up calls until StopPickingUp is called, then returns
	// once every call it picked up has been answered or hung up on.
	// An error means it could not go on.
	Serve() error
	// StopPickingUp stops picking up new calls. It is called once,
	// from another goroutine, when SIGINT or SIGTERM arrives.
	StopPickingUp()
}

// Run serves m until SIGINT or SIGTERM, then stops it picking up and
// gives the calls already picked up grace to finish. It returns the
// exit status: 0 when Serve returned nil; 1, said on stderr, when
// Serve failed or grace ran out with a call still open. A supervisor
// learns from the status that calls were cut.
func Run(name string, m Model, grace time.Duration) int {
	// Go's runtime makes an epoll of its own the first time a
	// goroutine waits on a timer, and run waits on one (the grace)
	// after SIGTERM. If the calls hold every fd by then, the runtime
	// cannot make it and dies ("netpollinit failed"). A short sleep
	// now makes it while fds are plenty.
	time.Sleep(time.Microsecond)
	return run(name, m, grace, heard(), os.Stderr)
}

func run(name string, m Model, grace time.Duration,
	stop <-chan os.Signal, stderr io.Writer) int {
	served := make(chan error, 1)
	go func() { served <- m.Serve() }()

	var sig os.Signal
	select {
	case err := <-served:
		return ended(name, err, stderr) // it stopped on its own
	case sig = <-stop:
	}
	m.StopPickingUp()
	closing := time.NewTimer(grace)
	defer closing.Stop()
	select {
	case err := <-served:
		return ended(name, err, stderr)
	case <-closing.C:
		fmt.Fprintf(stderr, "%s: %v: a call still open after %v;"+
			" hanging up on it\n", name, sig, grace)
		return 1
	}
}

// ended turns what Serve returned into the exit status.
func ended(name string, err error, stderr io.Writer) int {
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 1
	}
	return 0
}

// Describe sets fs.Usage so that -h starts with the program's name
// and one line on what it is, rather than the path go run built it at.
func Describe(fs *flag.FlagSet, name, what string) {
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "%s: %s\n\nUsage of %s:\n", name, what, name)
		fs.PrintDefaults()
	}
}
