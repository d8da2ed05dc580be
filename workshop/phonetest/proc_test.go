package phonetest

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// Files is read from outside, through /proc; this process is a server
// as good as any, and here the truth is at hand: fcntl(F_GETFL) on the
// fds themselves. One end of a pipe is non-blocking, the other not.
func TestFilesShowsEachFdWithTheFlagsFcntlSees(t *testing.T) {
	var pipe [2]int
	require.NoError(t, unix.Pipe2(pipe[:], unix.O_CLOEXEC))
	defer unix.Close(pipe[0])
	defer unix.Close(pipe[1])
	require.NoError(t, unix.SetNonblock(pipe[1], true))

	files := map[int]File{}
	for _, f := range (&Server{Pid: os.Getpid()}).Files(t) {
		files[f.FD] = f
	}
	for _, fd := range pipe {
		f, ok := files[fd]
		require.True(t, ok, "fd %d is listed: %v", fd, files)
		assert.True(t, strings.HasPrefix(f.Link, "pipe:"), f.Link)
		want, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
		require.NoError(t, err)
		assert.Equal(t, want, f.Flags&^unix.O_CLOEXEC,
			"fd %d: the flags fcntl sees, in octal %o", fd, f.Flags)
		assert.NotZero(t, f.Flags&unix.O_CLOEXEC, "and close-on-exec")
	}
	assert.Zero(t, files[pipe[0]].Flags&unix.O_NONBLOCK, "blocking")
	assert.NotZero(t, files[pipe[1]].Flags&unix.O_NONBLOCK, "non-blocking")
}
