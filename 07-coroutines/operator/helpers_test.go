package operator

import (
	"bufio"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/05-epoll/epoll"
)

// onDuty is the coroutine operator, in this process, on a free port.
type onDuty struct {
	o    *Coroutines
	addr string

	mu     sync.Mutex
	failed []error // what it logged
}

func startCoroutines(t *testing.T, d Desk) *onDuty {
	t.Helper()
	if exercising {
		t.Skip("exercise07: write coro's Sleep and Read first")
	}
	p, err := epoll.New(epoll.Level)
	require.NoError(t, err)
	line, addr, err := blocking.Listen("127.0.0.1:0", 64)
	require.NoError(t, err)
	od := &onDuty{addr: addr}
	od.o, err = NewCoroutines(line, p, d, func(err error) {
		od.mu.Lock()
		defer od.mu.Unlock()
		od.failed = append(od.failed, err)
	})
	require.NoError(t, err)
	served := make(chan error, 1)
	go func() { served <- od.o.Serve() }()
	t.Cleanup(func() {
		od.o.StopPickingUp()
		select {
		case err := <-served:
			require.NoError(t, err)
		case <-time.After(10 * time.Second):
			od.o.Close()
			t.Error("the operator did not stop")
		}
	})
	return od
}

func (od *onDuty) logged() []error {
	od.mu.Lock()
	defer od.mu.Unlock()
	return append([]error(nil), od.failed...)
}

// alive is how many coroutines run, the receptionist's too.
func (od *onDuty) alive(t *testing.T) int {
	t.Helper()
	n := make(chan int, 1)
	require.True(t, od.o.s.Loop().Post(func() { n <- od.o.s.Alive() }))
	select {
	case v := <-n:
		return v
	case <-time.After(5 * time.Second):
		t.Fatal("the loop is stuck")
	}
	return 0
}

// fakeRoom is a records room that does what room tells it with each
// call it picks up; it hands each call on, to be closed by the test.
func fakeRoom(t *testing.T, room func(c net.Conn, name string)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				name, _ := bufio.NewReader(c).ReadString('\n')
				room(c, name)
			}()
		}
	}()
	return ln.Addr().String()
}

// call dials addr, hears the greeting, asks name.
func call(t *testing.T, addr, name string) (*net.TCPConn, *bufio.Reader) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(c)
	greeting, err := r.ReadString('\n')
	require.NoError(t, err)
	require.Contains(t, greeting, "operator:")
	_, err = c.Write([]byte(name + "\n"))
	require.NoError(t, err)
	return c.(*net.TCPConn), r
}

// openFDs is how many fds this process has open.
func openFDs(t *testing.T) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	return len(fds)
}
