// Command operator is the reference operator that the phonetest suite
// checks itself against. It is the plainest correct server: Go's net
// package and a goroutine per call (what chapter 07 ends with). It is
// in testdata so that `go build ./...` leaves it out; the suite's own
// tests build it by path.
//
// The -bug flag breaks it on purpose, so a test can show that the
// suite notices when a server is wrong.
package main

import (
	"errors"
	"flag"
	"io"
	"log"
	"net"
	"os"
	"sync"
	"time"

	"github.com/holdtheline/holdtheline/workshop/contract"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

func main() {
	var s contract.Settings
	s.Register(flag.CommandLine, 0)
	bug := flag.String("bug", "",
		"break the operator on purpose (for phonetest's own tests): "+
			"wrong-number, spin or leak")
	flag.Parse()
	log.SetPrefix("operator: ")

	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		log.Fatal(err)
	}
	contract.Announce(os.Stdout, "operator", ln.Addr().String(), s,
		"a goroutine per call")
	op := &operator{Settings: s, bug: *bug}
	stop := contract.StopSignals()

	op.calls.Add(1) // the pick-up loop counts as a call until it stops
	go op.pickUp(ln)

	<-stop
	ln.Close() // no new pick-ups; calls picked up go on
	finished := make(chan struct{})
	go func() { op.calls.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(s.Grace):
		log.Printf("grace of %v is over; hanging up on the rest", s.Grace)
	}
}

// An operator answers calls on a goroutine each.
type operator struct {
	contract.Settings
	bug    string
	calls  sync.WaitGroup // calls picked up and not yet over
	leaked []net.Conn     // for -bug leak: calls never closed
	mu     sync.Mutex
}

// pickUp accepts calls until the listener is closed. When accept fails
// for another reason, usually EMFILE (out of fds), it waits a little
// before trying again: the listener stays readable while the backlog is
// full, so retrying at once would spin a core doing nothing useful.
func (op *operator) pickUp(ln net.Listener) {
	defer op.calls.Done()
	var backoff time.Duration
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return
		}
		if err != nil {
			if op.bug == "spin" {
				continue
			}
			if backoff == 0 {
				log.Printf("accept: %v; backing off", err)
			}
			backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
			time.Sleep(backoff)
			continue
		}
		backoff = 0
		op.calls.Add(1)
		go op.answer(conn)
	}
}

// answer serves one call: greeting, question, lookup, answer.
func (op *operator) answer(conn net.Conn) {
	defer op.calls.Done()
	if _, err := io.WriteString(conn, phone.Greeting); err != nil {
		conn.Close()
		return
	}
	conn.SetDeadline(time.Now().Add(op.Idle))
	name, err := hearQuestion(conn)

	var reply string
	var reason phone.Error
	switch {
	case err == nil:
		time.Sleep(op.Lookup)
		reply = phone.Answer(name)
		if op.bug == "wrong-number" {
			reply = name + ": " + phone.Number(name+"?") + "\n"
		}
	case errors.As(err, &reason):
		reply = reason.Line()
	case errors.Is(err, os.ErrDeadlineExceeded):
		reply = phone.ErrTooSlow.Line()
	default: // the caller hung up
		if op.bug == "leak" {
			op.mu.Lock()
			op.leaked = append(op.leaked, conn) // and never close it
			op.mu.Unlock()
			return
		}
		conn.Close()
		return
	}
	conn.SetDeadline(time.Now().Add(op.Idle))
	io.WriteString(conn, reply)
	conn.Close()
}

// hearQuestion reads until phone.ParseQuestion has a question or an
// error. It never reads past MaxLine bytes: nothing after the question
// matters.
func hearQuestion(conn net.Conn) (string, error) {
	buf := make([]byte, 0, phone.MaxLine)
	for {
		n, err := conn.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		name, ok, perr := phone.ParseQuestion(buf)
		switch {
		case ok:
			return name, nil
		case perr != nil:
			return "", perr
		case err != nil:
			return "", err
		}
	}
}
