// Command operator is the reference operator that the phonetest suite
// checks itself against. It is the plainest correct server: Go's net
// package and a goroutine per call (what chapter 07 ends with). It is
// in testdata so that `go build ./...` leaves it out; the suite's own
// tests build it by path.
//
// The -bug flag breaks it on purpose, in one of the ways a chapter's
// server could really be wrong, so a test can show that each of the
// suite's checks notices the bug it guards against. The bugs are the
// names in bugs below.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/holdtheline/holdtheline/workshop/contract"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// bugs are the ways -bug can break the operator, each with what it
// does wrong.
var bugs = map[string]string{
	"wrong-number":    "answers with another name's number",
	"no-trim":         "keeps the white space and \\r around a name",
	"off-by-one":      "refuses a 255-byte name as too long",
	"empty-answered":  "looks up an empty name instead of refusing it",
	"dies-on-junk":    "panics on a name with a NUL byte in it",
	"one-read":        "takes one read(2) for the whole question",
	"leak":            "never closes a call whose caller hung up",
	"half-close":      "takes a caller's half-close for a hang-up",
	"idle-ignored":    "ignores -idle and always waits 5 s",
	"idle-first-byte": "stops the idle clock at the first byte",
	"drop-on-term":    "hangs up on every call at SIGTERM",
	"spin":            "retries accept(2) at once when out of fds",
	"lookup-none":     "answers at once, ignoring -lookup",
	"lookup-twice":    "is on hold for twice -lookup",
}

func main() {
	var s contract.Settings
	s.Register(flag.CommandLine, 0)
	bug := flag.String("bug", "", "break the operator on purpose (for "+
		"phonetest's own tests): "+strings.Join(names(), ", "))
	flag.CommandLine.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "operator: the "+
			"reference operator phonetest checks itself against")
		fmt.Fprintln(flag.CommandLine.Output(), "\nUsage of operator:")
		flag.PrintDefaults()
	}
	flag.Parse()
	log.SetPrefix("operator: ")
	if _, ok := bugs[*bug]; *bug != "" && !ok {
		log.Fatalf("no bug %q; there are %s", *bug,
			strings.Join(names(), ", "))
	}

	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		log.Fatal(err)
	}
	more := []string{"a goroutine per call"}
	if *bug != "" {
		more = append(more, "bug "+*bug+": "+bugs[*bug])
	}
	contract.Announce(os.Stdout, "operator", ln.Addr().String(), s,
		more...)
	op := &operator{Settings: s, bug: *bug,
		open: map[net.Conn]bool{}}
	stop := contract.StopSignals()

	op.calls.Add(1) // the pick-up loop counts as a call until it stops
	go op.pickUp(ln)

	<-stop
	ln.Close() // no new pick-ups; calls picked up go on
	if op.bug == "drop-on-term" {
		op.hangUpOnEveryone()
		return
	}
	finished := make(chan struct{})
	go func() { op.calls.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(s.Grace):
		log.Printf("grace of %v is over; hanging up on the rest", s.Grace)
	}
}

func names() []string {
	var all []string
	for name := range bugs {
		all = append(all, name)
	}
	sort.Strings(all)
	return all
}

// An operator answers calls on a goroutine each.
type operator struct {
	contract.Settings
	bug   string
	calls sync.WaitGroup // calls picked up and not yet over

	mu     sync.Mutex
	open   map[net.Conn]bool // calls picked up, for -bug drop-on-term
	leaked []net.Conn        // for -bug leak: calls never closed
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
		op.mu.Lock()
		op.open[conn] = true
		op.mu.Unlock()
		go op.answer(conn)
	}
}

// hangUpOnEveryone is -bug drop-on-term: what a server does when its
// shutdown closes every line instead of only the one it listens on.
func (op *operator) hangUpOnEveryone() {
	op.mu.Lock()
	defer op.mu.Unlock()
	for conn := range op.open {
		conn.Close()
	}
}

// answer serves one call: greeting, question, lookup, answer.
func (op *operator) answer(conn net.Conn) {
	defer op.calls.Done()
	defer func() {
		op.mu.Lock()
		delete(op.open, conn)
		op.mu.Unlock()
	}()
	if _, err := io.WriteString(conn, phone.Greeting); err != nil {
		conn.Close()
		return
	}
	idle := op.Idle
	if op.bug == "idle-ignored" {
		idle = 5 * time.Second
	}
	conn.SetDeadline(time.Now().Add(idle))
	name, err := op.hearQuestion(conn)
	if err == nil && op.bug == "half-close" && saidGoodbye(conn) {
		err = io.EOF
	}

	var reply string
	var reason phone.Error
	switch {
	case err == nil:
		time.Sleep(op.lookup())
		reply = phone.Answer(name)
		if op.bug == "wrong-number" {
			reply = name + ": " + phone.Number(name+"?") + "\n"
		}
	case errors.Is(err, phone.ErrEmpty) && op.bug == "empty-answered":
		reply = phone.Answer("")
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

// lookup is how long this operator is on hold for a number.
func (op *operator) lookup() time.Duration {
	switch op.bug {
	case "lookup-none":
		return 0
	case "lookup-twice":
		return 2 * op.Lookup
	}
	return op.Lookup
}

// saidGoodbye is -bug half-close: after the question it looks whether
// the caller is still there, and takes the EOF of a caller who only
// shut its sending side for a caller who hung up.
func saidGoodbye(conn net.Conn) bool {
	conn.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	_, err := conn.Read(make([]byte, 1))
	return err == io.EOF
}

// hearQuestion reads until phone.ParseQuestion has a question or an
// error. It never reads past MaxLine bytes: nothing after the question
// matters.
func (op *operator) hearQuestion(conn net.Conn) (string, error) {
	buf := make([]byte, 0, phone.MaxLine)
	for {
		n, err := conn.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if n > 0 && op.bug == "idle-first-byte" {
			conn.SetDeadline(time.Time{})
		}
		if op.bug == "one-read" && n > 0 &&
			!slices.Contains(buf, '\n') {
			buf = append(buf, '\n') // what came is all there is
		}
		name, ok, perr := phone.ParseQuestion(buf)
		switch {
		case ok:
			return op.misheard(name, buf)
		case perr != nil:
			return "", perr
		case err != nil:
			return "", err
		}
	}
}

// misheard is name as a buggy operator takes it from the line in buf.
func (op *operator) misheard(name string, buf []byte) (string, error) {
	line, _, _ := strings.Cut(string(buf), "\n")
	switch {
	case op.bug == "no-trim":
		return line, nil
	case op.bug == "off-by-one" && len(line)+1 >= phone.MaxLine:
		return "", phone.ErrTooLong
	case op.bug == "dies-on-junk" && strings.ContainsRune(name, 0):
		panic(fmt.Sprintf("a NUL in the name %q", name))
	}
	return name, nil
}
