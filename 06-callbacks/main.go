// Command 06-callbacks is the operator who leaves a callback number:
// she takes each call as a chain of callbacks, and for each number
// calls the records room across the building, another TCP service,
// without waiting for it.
//
// By default the records room is a second line on the same loop:
//
//	go run ./06-callbacks
//	nc 127.0.0.1 7006
//
// or a process of its own:
//
//	go run ./06-callbacks -serve records -addr 127.0.0.1:7106 &
//	go run ./06-callbacks -records 127.0.0.1:7106
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/05-epoll/epoll"
	"github.com/holdtheline/holdtheline/06-callbacks/records"
	"github.com/holdtheline/holdtheline/workshop/contract"
)

// backlog is how many callers may ring before the operator looks: a
// burst of thousands. The kernel caps it at somaxconn.
const backlog = 4096

func main() {
	var s contract.Settings
	s.Register(flag.CommandLine, 6)
	serve := flag.String("serve", "operator",
		"what to run: operator, or records (the records room alone, on -addr)")
	recordsAddr := flag.String("records", "",
		"the records room's host:port; empty: one on this loop, on a free port")
	budget := flag.Duration("records-budget", 0,
		"how long the records room may take before 'lookup failed'; 0: -lookup + 2s")
	contract.Describe(flag.CommandLine, "06-callbacks",
		"one operator, one thread, callbacks, and a records room across the building")
	flag.Parse()
	if *budget == 0 {
		*budget = s.Lookup + 2*time.Second
	}
	os.Exit(run(s, *serve, *recordsAddr, *budget))
}

func run(s contract.Settings, serve, recordsAddr string,
	budget time.Duration) int {
	const name = "06-callbacks"
	fail := func(err error) int {
		fmt.Fprintln(os.Stderr, name+":", err)
		return 1
	}
	if serve != "operator" && serve != "records" {
		fmt.Fprintf(os.Stderr, "%s: -serve %q: want operator or records\n",
			name, serve)
		return 2
	}
	p, err := epoll.New(epoll.Level)
	if err != nil {
		return fail(err)
	}
	srv, err := newServer(p)
	if err != nil {
		return fail(err)
	}
	line, addr, err := blocking.Listen(s.Addr, backlog)
	if err != nil {
		return fail(err)
	}
	if serve == "records" {
		if err := srv.openRoom(line, s.Lookup, s.Idle); err != nil {
			return fail(err)
		}
		contract.Announce(os.Stdout, name+" records room", addr, s,
			"one thread, callbacks")
		return contract.Run(name, srv, s.Grace)
	}
	where := recordsAddr
	if where == "" {
		roomLine, roomAddr, err := blocking.Listen("127.0.0.1:0", backlog)
		if err != nil {
			return fail(err)
		}
		if err := srv.openRoom(roomLine, s.Lookup, s.Idle); err != nil {
			return fail(err)
		}
		where = roomAddr + " on this loop"
		recordsAddr = roomAddr
	}
	lookup := records.Call(srv.r, recordsAddr, budget)
	if err := srv.openOperator(line, lookup, s.Idle); err != nil {
		return fail(err)
	}
	contract.Announce(os.Stdout, name, addr, s,
		"records room "+where, "budget "+budget.String(),
		"one thread, callbacks")
	return contract.Run(name, srv, s.Grace)
}
