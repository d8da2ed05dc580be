// Command 07-coroutines is the operator who puts you on hold: each
// call is written as straight-line code, as if blocking, and parks
// where it would block.
//
// -model coroutines (the default): our own coroutines, on chapter 04's
// loop with chapter 05's epoll, one OS thread. -model goroutines: the
// same call on Go's net, a goroutine each: the runtime's coroutines.
//
//	go run ./07-coroutines
//	nc 127.0.0.1 7007
package main

import (
	"flag"
	"fmt"
	"net"
	"os"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/05-epoll/epoll"
	"github.com/holdtheline/holdtheline/07-coroutines/operator"
	"github.com/holdtheline/holdtheline/workshop/contract"
)

// backlog is how many callers may ring before the receptionist looks:
// thousands may dial at once. The kernel caps it at somaxconn.
const backlog = 4096

func main() {
	var s contract.Settings
	s.Register(flag.CommandLine, 7)
	model := flag.String("model", "coroutines",
		"coroutines (ours, one thread) or goroutines (Go's, on net)")
	contract.Describe(flag.CommandLine, "07-coroutines",
		"operators who put you on hold: blocking-style calls on a loop")
	flag.Parse()

	m, addr, err := start(*model, s)
	if err != nil {
		fmt.Fprintln(os.Stderr, "07-coroutines:", err)
		os.Exit(2)
	}
	contract.Announce(os.Stdout, "07-coroutines", addr, s,
		"model "+*model)
	os.Exit(contract.Run("07-coroutines", m, s.Grace))
}

// start listens on s.Addr and makes the model's operator.
func start(model string, s contract.Settings) (contract.Model, string,
	error) {
	switch model {
	case "coroutines":
		p, err := epoll.New(epoll.Level)
		if err != nil {
			return nil, "", err
		}
		line, addr, err := blocking.Listen(s.Addr, backlog)
		if err != nil {
			p.Close()
			return nil, "", err
		}
		o, err := operator.NewCoroutines(line, p, s.Lookup, s.Idle, nil)
		return o, addr, err
	case "goroutines":
		ln, err := net.Listen("tcp", s.Addr)
		if err != nil {
			return nil, "", err
		}
		return operator.NewGoroutines(ln, s.Lookup, s.Idle),
			ln.Addr().String(), nil
	}
	return nil, "", fmt.Errorf("-model %q: want coroutines or goroutines",
		model)
}
