// Command 02-threads is the operator with one person per call.
//
// One thread, the receptionist, picks up every call that rings; each
// call she picks up goes to an OS thread of its own, which hears the
// question, looks the number up and answers, blocking as long as it
// likes. Nobody rings while somebody else is on hold.
//
//	go run ./02-threads
//	nc 127.0.0.1 7002
//	go run ./02-threads -demo 1000   # what a sleeping thread costs
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime/debug"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/workshop/contract"
)

// backlog is how many callers may ring before the receptionist picks
// them up. Picking up is quick here, so the queue is only for a burst.
const backlog = 1024

func main() {
	var s contract.Settings
	s.Register(flag.CommandLine, 2)
	maxCalls := flag.Int("max-calls", 5000,
		"most calls at once; past it a caller only hears 'busy'")
	maxThreads := flag.Int("max-threads", 10000,
		"the Go runtime's thread limit; past it the process dies")
	demo := flag.Int("demo", 0,
		"start this many sleeping threads, then goroutines, and "+
			"show what they cost (no serving)")
	contract.Describe(flag.CommandLine, "02-threads",
		"the phone operator with an OS thread per call "+
			"(Hold the Line, chapter 2)")
	flag.Parse()
	debug.SetMaxThreads(*maxThreads)

	if *demo > 0 {
		os.Exit(runDemo(os.Stdout, *demo, *maxThreads))
	}

	line, addr, err := blocking.Listen(s.Addr, backlog)
	if err != nil {
		fmt.Fprintln(os.Stderr, "02-threads:", err)
		os.Exit(1)
	}
	contract.Announce(os.Stdout, "02-threads", addr, s,
		fmt.Sprintf("max calls %d", *maxCalls),
		fmt.Sprintf("max threads %d", *maxThreads),
		"a thread per call, blocking")

	op := &operator{line: line, lookup: s.Lookup, idle: s.Idle,
		calls: newCalls(*maxCalls)}
	os.Exit(contract.Run("02-threads", op, s.Grace))
}
