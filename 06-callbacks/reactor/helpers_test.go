package reactor_test

import (
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/05-epoll/epoll"
	"github.com/holdtheline/holdtheline/06-callbacks/reactor"
)

// running starts a reactor on 05's level-triggered epoll, runs it on
// its own goroutine, and stops it when the test ends.
func running(t testing.TB) *reactor.Reactor {
	t.Helper()
	p, err := epoll.New(epoll.Level)
	require.NoError(t, err)
	loop, err := switchboard.NewLoop(p)
	require.NoError(t, err)
	r := reactor.New(loop)
	ran := make(chan error, 1)
	go func() { ran <- r.Run() }()
	t.Cleanup(func() {
		r.Stop()
		require.NoError(t, <-ran)
	})
	return r
}

func runningB(b *testing.B) *reactor.Reactor { return running(b) }

// on runs f on r's loop and waits for it.
func on(t *testing.T, r *reactor.Reactor, f func()) {
	t.Helper()
	done := make(chan struct{})
	require.True(t, r.Post(func() { f(); close(done) }))
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the loop did not run a posted func within 5 s")
	}
}

// closedPort is a loopback address nobody listens on: a port bound and
// then closed.
func closedPort(t *testing.T) string {
	t.Helper()
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	require.NoError(t, err)
	defer unix.Close(fd)
	require.NoError(t, unix.Bind(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}))
	sa, err := unix.Getsockname(fd)
	require.NoError(t, err)
	return "127.0.0.1:" + itoa(sa.(*unix.SockaddrInet4).Port)
}

func itoa(n int) string { return strconv.Itoa(n) }

// openFds is how many fds the process has open now.
func openFds(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	return len(ents) - 1 // ReadDir's own
}
