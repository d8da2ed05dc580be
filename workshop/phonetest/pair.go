package phonetest

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// SocketPair connects two Unix stream sockets, a call with no network
// under it: op is the operator's end, caller the caller's. flags add to
// the socket type: unix.SOCK_NONBLOCK for the event chapters, 0 for the
// blocking ones. Both are close-on-exec.
//
// When the test ends each end is closed if it is still this pair's.
// Code under test often closes op itself (a hang-up), and the kernel
// may give that number to the next file opened; closing it by number
// then would close somebody else's file. So each end is closed only if
// the fd still names the same socket (its inode) as when it was made.
func SocketPair(t testing.TB, flags int) (op, caller int) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX,
		unix.SOCK_STREAM|unix.SOCK_CLOEXEC|flags, 0)
	require.NoError(t, err)
	for _, fd := range fds {
		ino := inode(fd)
		t.Cleanup(func() {
			if ino != 0 && inode(fd) == ino {
				unix.Close(fd)
			}
		})
	}
	return fds[0], fds[1]
}

// inode is the inode fd names now, 0 if fd is not open.
func inode(fd int) uint64 {
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil {
		return 0
	}
	return st.Ino
}
