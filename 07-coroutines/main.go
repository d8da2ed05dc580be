// Command 07-coroutines is the operator who puts you on hold: each
// call is written as straight-line code, as if blocking, and parks
// where it would block. She asks chapter 06's records room for each
// number.
//
// -model coroutines (the default): our own coroutines, on chapter 04's
// loop with chapter 05's epoll, one OS thread. -model goroutines: the
// same call on Go's net, a goroutine each: the runtime's coroutines.
//
//	go run ./07-coroutines
//	nc 127.0.0.1 7007
package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"time"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/05-epoll/epoll"
	"github.com/holdtheline/holdtheline/06-callbacks/reactor"
	"github.com/holdtheline/holdtheline/06-callbacks/records"
	"github.com/holdtheline/holdtheline/07-coroutines/operator"
	"github.com/holdtheline/holdtheline/workshop/contract"
)

// backlog is how many callers may ring before the receptionist looks:
// thousands may dial at once. The kernel caps it at somaxconn.
const backlog = 4096

const name = "07-coroutines"

func main() {
	var s contract.Settings
	s.Register(flag.CommandLine, 7)
	model := flag.String("model", "coroutines",
		"coroutines (ours, one thread) or goroutines (Go's, on net)")
	recordsAddr := flag.String("records", "",
		"the records room's host:port; empty: one in this process")
	budget := flag.Duration("records-budget", 0,
		"how long the records room may take before 'lookup failed';"+
			" 0: -lookup + 2s")
	stacks := flag.Bool("stacks", false,
		"with a failed lookup, print the stack of the call that asked")
	contract.Describe(flag.CommandLine, name,
		"operators who put you on hold: blocking-style calls on a loop")
	flag.Parse()
	if *budget == 0 {
		*budget = s.Lookup + 2*time.Second
	}
	desk := operator.Desk{Records: *recordsAddr, Budget: *budget,
		Idle: s.Idle, Stacks: *stacks}
	m, addr, where, err := start(*model, s, desk)
	if err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(2)
	}
	contract.Announce(os.Stdout, name, addr, s, "model "+*model,
		"records room "+where, "budget "+budget.String())
	os.Exit(contract.Run(name, m, s.Grace))
}

// logFailure tells stderr why a lookup failed, and for whom.
func logFailure(err error) { fmt.Fprintln(os.Stderr, name+":", err) }

// start listens on s.Addr and makes the model's operator, and the
// records room in this process unless d names one.
func start(model string, s contract.Settings, d operator.Desk) (
	contract.Model, string, string, error) {
	var roomLine int
	where := d.Records
	if d.Records == "" {
		l, addr, err := blocking.Listen("127.0.0.1:0", backlog)
		if err != nil {
			return nil, "", "", err
		}
		roomLine, d.Records, where = l, addr, addr+" in this process"
	}
	switch model {
	case "coroutines":
		p, err := epoll.New(epoll.Level)
		if err != nil {
			return nil, "", "", err
		}
		line, addr, err := blocking.Listen(s.Addr, backlog)
		if err != nil {
			p.Close()
			return nil, "", "", err
		}
		o, err := operator.NewCoroutines(line, p, d, logFailure)
		if err == nil && where != d.Records {
			err = o.OpenRoom(roomLine, s.Lookup)
		}
		return o, addr, where, err
	case "goroutines":
		ln, err := net.Listen("tcp", s.Addr)
		if err != nil {
			return nil, "", "", err
		}
		var m contract.Model = operator.NewGoroutines(ln, d, logFailure)
		if where != d.Records {
			closeRoom, err := roomApart(roomLine, s.Lookup, s.Idle)
			if err != nil {
				return nil, "", "", err
			}
			m = withRoom{m, closeRoom}
		}
		return m, ln.Addr().String(), where, nil
	}
	return nil, "", "", fmt.Errorf(
		"-model %q: want coroutines or goroutines", model)
}

// roomApart runs chapter 06's records room on a loop of its own, for
// the goroutine model. closeRoom closes it once its calls are over.
func roomApart(line int, delay, idle time.Duration) (closeRoom func() error,
	err error) {
	p, err := epoll.New(epoll.Level)
	if err != nil {
		return nil, err
	}
	loop, err := switchboard.NewLoop(p)
	if err != nil {
		return nil, err
	}
	var broke error
	r := reactor.New(loop)
	rm, err := records.Open(r, line, delay, idle, func(err error) {
		broke = err
	})
	if err != nil {
		return nil, err
	}
	ran := make(chan error, 1)
	go func() { ran <- loop.Run() }()
	return func() error {
		loop.Post(func() { rm.Close(loop.Close) })
		return errors.Join(<-ran, broke)
	}, nil
}

// withRoom serves a model, and then closes the records room.
type withRoom struct {
	contract.Model
	closeRoom func() error
}

func (w withRoom) Serve() error {
	err := w.Model.Serve()
	return errors.Join(err, w.closeRoom())
}
