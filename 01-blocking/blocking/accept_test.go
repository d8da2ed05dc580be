package blocking

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

func TestCloseLineWakesAcceptWithErrLineClosed(t *testing.T) {
	// Made here, not with Listen: that is an exercise, and this test
	// must pass while a learner works on it.
	line, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer unix.Close(line)
	require.NoError(t, unix.Bind(line, &unix.SockaddrInet4{
		Addr: [4]byte{127, 0, 0, 1}}))
	require.NoError(t, unix.Listen(line, 8))

	accepted := make(chan error, 1)
	go func() {
		_, err := Accept(line)
		accepted <- err
	}()
	time.Sleep(50 * time.Millisecond) // let it fall asleep in accept(2)
	require.NoError(t, CloseLine(line))
	select {
	case err := <-accepted:
		assert.ErrorIs(t, err, ErrLineClosed)
	case <-time.After(10 * time.Second):
		t.Fatal("accept(2) did not wake when the line closed")
	}
}
