// Package reactortest holds what the tests of chapter 6's packages
// (and of the chapters that stand on them) share: a reactor running on
// 05's epoll for the length of a test, a way to run code on its loop,
// and the process's fds, counted, to show that nothing leaked.
package reactortest

import (
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/04-select/switchboard/pollertest"
	"github.com/holdtheline/holdtheline/05-epoll/epoll"
	"github.com/holdtheline/holdtheline/06-callbacks/reactor"
)

// Running starts a reactor on 05's level-triggered epoll, runs it on
// its own goroutine, and stops it when the test ends, checking that
// its loop ended without an error (pollertest.RunningLoop).
func Running(t testing.TB) *reactor.Reactor {
	t.Helper()
	p, err := epoll.New(epoll.Level)
	require.NoError(t, err)
	return reactor.New(pollertest.RunningLoop(t, p))
}

// On runs f on r's loop and waits for it, at most 5 s.
func On(t testing.TB, r *reactor.Reactor, f func()) {
	t.Helper()
	pollertest.OnLoop(t, r.Loop(), f)
}

// OpenFDs is how many fds the process has open now.
func OpenFDs(t testing.TB) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	return len(ents) - 1 // ReadDir's own
}

// Settled waits until the process has want fds open again: a closed
// socket's fd is gone at once, but the test's peer may still be
// closing its end.
func Settled(t testing.TB, want int) {
	t.Helper()
	require.Eventually(t, func() bool { return OpenFDs(t) == want },
		5*time.Second, 10*time.Millisecond, "fds open: want %d", want)
}

// Listening opens a loopback listening socket on a free port, for the
// test to hand on and close.
func Listening(t testing.TB) (fd int, addr string) {
	t.Helper()
	fd, addr = bound(t)
	require.NoError(t, unix.Listen(fd, 128))
	return fd, addr
}

// ClosedPort is a loopback address nobody listens on: a port bound and
// then closed.
func ClosedPort(t testing.TB) string {
	t.Helper()
	fd, addr := bound(t)
	unix.Close(fd)
	return addr
}

// bound is a TCP socket bound to a free loopback port, and its address.
func bound(t testing.TB) (int, string) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	require.NoError(t, err)
	require.NoError(t, unix.Bind(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}))
	sa, err := unix.Getsockname(fd)
	require.NoError(t, err)
	return fd, "127.0.0.1:" + strconv.Itoa(sa.(*unix.SockaddrInet4).Port)
}
