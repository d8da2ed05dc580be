package blocking

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

// Exercise 1 (listen.go): the phone is a blocking listening socket
// that a caller can reach.
func TestExercise1ListenInstallsABlockingPhone(t *testing.T) {
	fd, addr, err := Listen("127.0.0.1:0", 8)
	require.NoError(t, err)
	defer unix.Close(fd)

	accepting, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET,
		unix.SO_ACCEPTCONN)
	require.NoError(t, err)
	assert.Equal(t, 1, accepting, "listen(2) was called")
	flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	require.NoError(t, err)
	assert.Zero(t, flags&unix.O_NONBLOCK, "the socket blocks")

	require.NotContains(t, addr, ":0", "the port the kernel picked")
	c, err := net.DialTimeout("tcp", addr, time.Second)
	require.NoError(t, err, "a caller can ring")
	c.Close()

	_, _, err = Listen("127.0.0.1:70000", 8)
	assert.Error(t, err, "a bad address is an error")
}

// Exercise 2 (question.go): ReadQuestion hears a question sent in
// pieces, and every way a question can go wrong.
func TestExercise2ReadQuestionHearsTheCaller(t *testing.T) {
	soon := func() time.Time { return time.Now().Add(2 * time.Second) }

	op, caller := socketPair(t)
	go func() {
		for _, piece := range []string{" Grace", " Hop", "per\r\n"} {
			unix.Write(caller, []byte(piece))
			time.Sleep(20 * time.Millisecond)
		}
	}()
	name, err := ReadQuestion(op, soon())
	require.NoError(t, err)
	assert.Equal(t, "Grace Hopper", name)

	op, caller = socketPair(t)
	unix.Write(caller, []byte(strings.Repeat("x", 300)))
	_, err = ReadQuestion(op, soon())
	assert.Equal(t, phone.ErrTooLong, err)

	op, caller = socketPair(t)
	unix.Write(caller, []byte("alice"))
	unix.Shutdown(caller, unix.SHUT_WR)
	_, err = ReadQuestion(op, soon())
	assert.Equal(t, ErrHungUp, err)

	op, _ = socketPair(t)
	start := time.Now()
	_, err = ReadQuestion(op, start.Add(200*time.Millisecond))
	assert.Equal(t, phone.ErrTooSlow, err)
	assert.GreaterOrEqual(t, time.Since(start), 150*time.Millisecond,
		"waits for the deadline")
}

// socketPair returns two connected blocking stream sockets, closed when
// the test ends: an operator's end and a caller's end.
func socketPair(t *testing.T) (op, caller int) {
	fds, err := unix.Socketpair(unix.AF_UNIX,
		unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	require.NoError(t, err)
	t.Cleanup(func() { unix.Close(fds[0]); unix.Close(fds[1]) })
	return fds[0], fds[1]
}
