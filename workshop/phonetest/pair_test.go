package phonetest

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// A pair's two ends talk to each other, and are closed when the test
// ends.
func TestSocketPairIsConnectedAndClosedAtTheEnd(t *testing.T) {
	var op, caller int
	t.Run("pair", func(t *testing.T) {
		op, caller = SocketPair(t, unix.SOCK_NONBLOCK)
		_, err := unix.Write(caller, []byte("hello\n"))
		require.NoError(t, err)
		buf := make([]byte, 16)
		n, err := unix.Read(op, buf)
		require.NoError(t, err)
		assert.Equal(t, "hello\n", string(buf[:n]))
		flags, err := unix.FcntlInt(uintptr(op), unix.F_GETFL, 0)
		require.NoError(t, err)
		assert.NotZero(t, flags&unix.O_NONBLOCK, "asked for non-blocking")
	})
	assert.Zero(t, inode(op), "op still open after its test")
	assert.Zero(t, inode(caller), "caller still open after its test")
}

// An end the code under test closed, whose number a file opened since
// then holds, is not closed by the pair's cleanup: that file stays
// open.
func TestSocketPairLeavesANumberSomeoneElseTookAlone(t *testing.T) {
	var f *os.File
	t.Run("pair", func(t *testing.T) {
		op, _ := SocketPair(t, 0)
		require.NoError(t, unix.Close(op)) // the operator hangs up
		var err error
		f, err = os.Open("/dev/null")
		require.NoError(t, err)
		if int(f.Fd()) != op {
			// The lowest free number is op's unless another
			// goroutine took it first; then make it op's.
			require.NoError(t, unix.Dup3(int(f.Fd()), op, unix.O_CLOEXEC))
			f.Close()
			f = os.NewFile(uintptr(op), "/dev/null")
		}
	})
	defer f.Close()
	_, err := f.Stat()
	assert.NoError(t, err, "the pair's cleanup closed a file it did not own")
}
