// Command 01-blocking is the operator with one phone.
//
// One OS thread picks up one call, hears the question, looks the number
// up and answers, and only then picks up the next. Everyone else rings:
// their connections wait in the kernel's listen backlog.
//
//	go run ./01-blocking
//	nc 127.0.0.1 7001
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/workshop/contract"
)

func main() {
	contract.Describe(flag.CommandLine, "01-blocking",
		"the operator with one phone: one OS thread, one call at a time")
	var s contract.Settings
	s.Register(flag.CommandLine, 1)
	backlog := flag.Int("backlog", 128,
		"how many callers may ring before the kernel drops their calls")
	flag.Parse()

	line, addr, err := blocking.Listen(s.Addr, *backlog)
	if err != nil {
		fmt.Fprintln(os.Stderr, "01-blocking:", err)
		os.Exit(1)
	}
	contract.Announce(os.Stdout, "01-blocking", addr, s,
		fmt.Sprintf("backlog %d", *backlog), "one operator, blocking")

	op := &operator{line: line, lookup: s.Lookup, idle: s.Idle}
	os.Exit(contract.Run("01-blocking", op, s.Grace))
}
