// Command callers is the caller fleet: many callers ring one operator,
// all at once or ramped, and it prints how the calls ended and how
// long callers took to connect, rang and were on hold. Every chapter's server is loaded
// and measured with it:
//
//	go run ./workshop/cmd/callers -addr 127.0.0.1:7001 -n 100 -rate 50
//
// While a run lasts more than a second it shows its progress on
// standard error; at the end it prints the summary table on standard
// output.
//
// The exit status is 0 when every call got its number or a busy
// signal: both are answers an operator may give. It is 1 when any call
// was refused or failed (or the run was interrupted), so a script can
// tell that a server broke, and 2 for bad flags.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/holdtheline/holdtheline/workshop/caller"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the whole command, so a test can run it in-process; it
// returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	f, err := parse(args, stderr)
	if err == flag.ErrHelp {
		return 0
	}
	if err != nil {
		return 2
	}
	// Ctrl-C stops the calls in flight; the table still shows them.
	ctx, stop := signal.NotifyContext(context.Background(),
		os.Interrupt, syscall.SIGTERM)
	defer stop()

	progress := newProgressLine(stderr)
	f.Progress = progress.show
	r := f.Run(ctx)
	progress.end()

	if err := r.WriteTable(stdout); err != nil {
		fmt.Fprintln(stderr, "callers:", err)
		return 1
	}
	if s := r.Summary(); s.Refused+s.Failed > 0 {
		return 1
	}
	return 0
}

// what is the one line -h gives on what the command is.
const what = "a fleet of callers ringing one operator, timing each call"

// parse reads the flags into a fleet.
func parse(args []string, stderr io.Writer) (caller.Fleet, error) {
	var f caller.Fleet
	fs := flag.NewFlagSet("callers", flag.ContinueOnError)
	fs.SetOutput(stderr)
	// Named for the program, not os.Args[0]: under go run that is a
	// path in the build cache, which tells a reader nothing.
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "callers: %s\n\nUsage of callers:\n",
			what)
		fs.PrintDefaults()
	}
	fs.StringVar(&f.Addr, "addr", "127.0.0.1:7001",
		"call the operator at this host:port")
	fs.IntVar(&f.N, "n", 10, "how many callers, one call each")
	fs.Float64Var(&f.Rate, "rate", 0,
		"callers started per second (0: all at once)")
	// 100 stays under the listen backlog of 128 that chapters 01 and
	// 03 ask for, so the fleet's own burst never overflows it: a SYN
	// dropped there costs a second of connect, which would measure
	// the kernel's retry timer instead of the operator.
	fs.IntVar(&f.MaxRinging, "ringing", 100,
		"most callers dialled but not yet picked up, kept under "+
			"the backlog (0: no cap)")
	fs.DurationVar(&f.Timeout, "timeout", time.Minute,
		"give up on a call after this long")
	name := fs.String("name", "",
		"every caller asks for this name (default: each its own)")
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	switch {
	case fs.NArg() > 0:
		return f, usage(fs, "unexpected arguments: %q", fs.Args())
	case f.N < 0 || f.Rate < 0 || f.MaxRinging < 0 || f.Timeout <= 0:
		return f, usage(fs, "-n, -rate and -ringing must not be "+
			"negative, and -timeout must be positive")
	}
	if *name != "" {
		f.Name = func(int) string { return *name }
	}
	return f, nil
}

func usage(fs *flag.FlagSet, format string, a ...any) error {
	err := fmt.Errorf(format, a...)
	fmt.Fprintln(fs.Output(), "callers:", err)
	fs.Usage()
	return err
}
