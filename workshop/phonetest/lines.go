package phonetest

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

// RingSilently dials n callers at once, each of whom reads one line
// (the greeting, or busy) within patience and then says nothing: how
// a test fills a server's lines. It returns the connections, still
// open until the test ends, and how many callers heard what; a caller
// who heard nothing (still ringing) counts under "".
func RingSilently(t testing.TB, addr string, n int,
	patience time.Duration) ([]net.Conn, map[string]int) {
	t.Helper()
	var mu sync.Mutex
	var conns []net.Conn
	heard := map[string]int{}
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			c, err := net.DialTimeout("tcp", addr, 10*time.Second)
			if err != nil {
				mu.Lock()
				defer mu.Unlock()
				heard["dial: "+err.Error()]++
				return
			}
			c.SetReadDeadline(time.Now().Add(patience))
			line, _ := bufio.NewReader(c).ReadString('\n')
			mu.Lock()
			defer mu.Unlock()
			conns = append(conns, c)
			heard[line]++
		})
	}
	wg.Wait()
	t.Cleanup(func() { HangUp(conns) })
	return conns, heard
}

// HoldOn dials n callers at once; each hears a line (the greeting),
// asks, and is then on hold until the test ends: how a test fills a
// server with calls waiting for their lookups. It returns the
// connections whose callers asked. At most 2,000 ring at once, so the
// listen backlog never overflows and no connect waits for a SYN sent
// again.
func HoldOn(t testing.TB, addr string, n int) []net.Conn {
	t.Helper()
	var mu sync.Mutex
	var conns []net.Conn
	var wg sync.WaitGroup
	ringing := make(chan struct{}, 2000)
	for i := range n {
		ringing <- struct{}{}
		wg.Go(func() {
			c, err := net.DialTimeout("tcp", addr, 20*time.Second)
			if err != nil {
				<-ringing
				return
			}
			c.SetDeadline(time.Now().Add(30 * time.Second))
			_, err = bufio.NewReader(c).ReadString('\n')
			<-ringing
			if err == nil {
				_, err = fmt.Fprintf(c, "caller %d\n", i)
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				c.Close()
				return
			}
			conns = append(conns, c)
		})
	}
	wg.Wait()
	t.Cleanup(func() { HangUp(conns) })
	return conns
}

// HangUp hangs up every one of conns.
func HangUp(conns []net.Conn) {
	for _, c := range conns {
		c.Close()
	}
}

// Ask makes one call for name and returns all the operator said after
// the greeting (or the busy line, if that was all).
func Ask(t testing.TB, addr, name string) string {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 10*time.Second)
	require.NoError(t, err)
	defer c.Close()
	c.SetDeadline(time.Now().Add(15 * time.Second))
	r := bufio.NewReader(c)
	first, err := r.ReadString('\n')
	require.NoError(t, err, "picked up")
	if first != phone.Greeting {
		return first
	}
	_, err = c.Write([]byte(name + "\n"))
	require.NoError(t, err)
	rest, _ := io.ReadAll(r)
	return string(rest)
}
