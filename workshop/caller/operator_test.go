package caller_test

import (
	"bufio"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

// operator is the tests' phone operator: it rings for ring, picks up,
// reads one question, is on hold for lookup, and says reply(name).
// The line hangs up when it returns.
func operator(ring, lookup time.Duration,
	reply func(name string) string) func(net.Conn) {
	return func(c net.Conn) {
		time.Sleep(ring)
		io.WriteString(c, phone.Greeting)
		line, err := bufio.NewReader(c).ReadString('\n')
		if err != nil {
			return
		}
		time.Sleep(lookup)
		io.WriteString(c, reply(strings.TrimSpace(line)))
	}
}

// answering is an operator who gets every number right.
func answering(lookup time.Duration) func(net.Conn) {
	return operator(0, lookup, phone.Answer)
}

// saying is an operator who picks up, says line, and hangs up.
func saying(line string) func(net.Conn) {
	return func(c net.Conn) { io.WriteString(c, line) }
}

// silent picks up the line and never says a word; it lets go when the
// caller hangs up, and counts those calls in hungUp.
func silent(hungUp *atomic.Int64) func(net.Conn) {
	return func(c net.Conn) {
		io.Copy(io.Discard, c)
		hungUp.Add(1)
	}
}

// serveT serves calls with handle, a goroutine per call, on a loopback
// port until the test ends, and returns the address.
func serveT(t *testing.T, handle func(net.Conn)) string {
	addr, stop := serve(handle, false)
	t.Cleanup(stop)
	return addr
}

// serve serves calls with handle and returns the address and a stop
// function that hangs up every line and waits for the handlers. With
// inTurn the operator takes one call at a time, as chapter 01 does,
// and the rest ring in the listen backlog.
func serve(handle func(net.Conn), inTurn bool) (string, func()) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	var (
		mu    sync.Mutex
		lines = map[net.Conn]bool{}
		calls sync.WaitGroup
	)
	one := func(c net.Conn) {
		defer func() {
			c.Close()
			mu.Lock()
			delete(lines, c)
			mu.Unlock()
		}()
		handle(c)
	}
	calls.Go(func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			lines[c] = true
			mu.Unlock()
			if inTurn {
				one(c)
			} else {
				calls.Go(func() { one(c) })
			}
		}
	})
	return l.Addr().String(), func() {
		l.Close()
		mu.Lock()
		for c := range lines {
			c.Close()
		}
		mu.Unlock()
		calls.Wait()
	}
}
