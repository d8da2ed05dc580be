// Command 03-pool is a call centre with a fixed staff.
//
// A fixed number of operators, each an OS thread, take calls from one
// queue. One receptionist, the acceptor, picks calls off the line and
// puts them in the queue; when the queue is full she says "busy" (or,
// with -when-full block, stops picking up until there is room).
//
//	go run ./03-pool -workers 4
//	nc 127.0.0.1 7003
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/workshop/contract"
)

// backlog is how many callers may ring in the kernel before the
// acceptor gets to them. The acceptor only hands calls over, so the
// backlog rarely fills; with -when-full block it is where callers wait.
const backlog = 128

func main() {
	var s contract.Settings
	contract.Describe(flag.CommandLine, "03-pool", "a call centre with a"+
		" fixed staff: a pool of worker threads and a bounded queue")
	s.Register(flag.CommandLine, 3)
	workers := flag.Int("workers", 10, "how many operators: worker threads")
	queue := flag.Int("queue", 100,
		"how many calls may wait for an operator before callers hear busy")
	whenFull := flag.String("when-full", "busy",
		"when the queue is full: busy (say so) or block (stop picking up)")
	flag.Parse()
	if *workers < 1 || *queue < 0 ||
		(*whenFull != "busy" && *whenFull != "block") {
		fmt.Fprintln(os.Stderr, "03-pool: want -workers >= 1, -queue >= 0"+
			" and -when-full busy or block")
		os.Exit(2)
	}

	line, addr, err := blocking.Listen(s.Addr, backlog)
	if err != nil {
		fmt.Fprintln(os.Stderr, "03-pool:", err)
		os.Exit(1)
	}
	p := newPool(line, *workers, *queue, *whenFull == "block",
		func(fd int) { blocking.Answer(fd, s.Lookup, s.Idle) })
	contract.Announce(os.Stdout, "03-pool", addr, s,
		fmt.Sprintf("%d workers, queue %d, when full %s",
			*workers, *queue, *whenFull), "blocking")
	os.Exit(contract.Run("03-pool", p, s.Grace))
}
