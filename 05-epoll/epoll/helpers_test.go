package epoll

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// socketPair returns two connected non-blocking stream sockets, closed
// when the test ends: the operator's end and the caller's.
func socketPair(t testing.TB) (op, caller int) {
	fds, err := unix.Socketpair(unix.AF_UNIX,
		unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	require.NoError(t, err)
	t.Cleanup(func() { unix.Close(fds[0]); unix.Close(fds[1]) })
	return fds[0], fds[1]
}

// newEpoll makes an Epoll closed when the test ends.
func newEpoll(t testing.TB, trigger Trigger) *Epoll {
	e, err := New(trigger)
	require.NoError(t, err)
	t.Cleanup(func() { e.Close() })
	return e
}

// inKernel is the kernel's own view of e's interest list, read from
// /proc/self/fdinfo: each watched fd and the events it is watched
// for. It is what the kernel was told, whatever e thinks it told it,
// less EPOLLERR and EPOLLHUP, which the kernel adds to every line.
func inKernel(t testing.TB, e *Epoll) map[int]uint32 {
	t.Helper()
	info, err := os.ReadFile(fmt.Sprintf("/proc/self/fdinfo/%d", e.fd))
	require.NoError(t, err)
	list := map[int]uint32{}
	for line := range strings.Lines(string(info)) {
		f := strings.Fields(line)
		// tfd:        7 events:       19 data: ...
		if len(f) < 4 || f[0] != "tfd:" || f[2] != "events:" {
			continue
		}
		fd, err := strconv.Atoi(f[1])
		require.NoError(t, err)
		ev, err := strconv.ParseUint(f[3], 16, 32)
		require.NoError(t, err)
		list[fd] = uint32(ev) &^ (unix.EPOLLERR | unix.EPOLLHUP)
	}
	return list
}

// say writes s on fd, all of it.
func say(t testing.TB, fd int, s string) {
	t.Helper()
	n, err := unix.Write(fd, []byte(s))
	require.NoError(t, err)
	require.Equal(t, len(s), n)
}
