// Command 04-select is one operator watching a whole switchboard.
//
// One OS thread watches every line at once with select(2), or poll(2)
// with -poller poll, and does what each ready line wants without ever
// blocking: pick up, read what the caller said, answer. A caller on
// hold is a timer, not a sleeping thread.
//
//	go run ./04-select -poller poll
//	nc 127.0.0.1 7004
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/workshop/contract"
)

// backlog is how many callers may ring before the operator gets to
// them. She picks up everyone ringing each time she looks, so it only
// has to hold a burst: 800 callers dialling at once.
const backlog = 1024

func main() {
	var s contract.Settings
	s.Register(flag.CommandLine, 4)
	poller := flag.String("poller", "select",
		"what the switchboard waits with: select or poll")
	contract.Describe(flag.CommandLine, "04-select",
		"one operator, one thread, every line watched with select or poll")
	flag.Parse()

	p, err := switchboard.NewPoller(*poller)
	if err != nil {
		fmt.Fprintln(os.Stderr, "04-select:", err)
		os.Exit(2)
	}
	line, addr, err := blocking.Listen(s.Addr, backlog)
	if err != nil {
		fmt.Fprintln(os.Stderr, "04-select:", err)
		os.Exit(1)
	}
	sb, err := switchboard.New(line, switchboard.Options{
		Lookup: s.Lookup, Idle: s.Idle, Poller: p})
	if err != nil {
		fmt.Fprintln(os.Stderr, "04-select:", err)
		os.Exit(1)
	}
	contract.Announce(os.Stdout, "04-select", addr, s,
		"poller "+*poller, "one thread, non-blocking")
	os.Exit(contract.Run("04-select", sb, s.Grace))
}
