package main

import (
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/05-epoll/epoll"
	"github.com/holdtheline/holdtheline/06-callbacks/records"
	"github.com/holdtheline/holdtheline/workshop/phone"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// README: "a failure deep in the chain no longer says who asked". A
// records room that hangs up mid-answer fails one caller's lookup; the
// stack the failure is told on runs from the loop through the reactor
// to the records-room call, and that is all: no frame of the call that
// greeted the caller, heard the name and asked, and nothing in it says
// which caller, or which name. The caller's story lives only in the
// closures the chain carries. Chapter 07 gets it back.
func TestAFailureDeepInTheChainNoLongerSaysWhoAsked(t *testing.T) {
	needsExercises(t)
	p, err := epoll.New(epoll.Level)
	require.NoError(t, err)
	srv, err := newServer(p)
	require.NoError(t, err)

	// A records room that hears the name, says half a number, and
	// hangs up.
	roomLine, roomAddr := listen(t)
	defer unix.Close(roomLine)
	go func() {
		fd, _, err := unix.Accept(roomLine)
		if err != nil {
			return
		}
		unix.Read(fd, make([]byte, 64))
		unix.Write(fd, []byte("555-"))
		unix.Close(fd)
	}()

	var stack string
	call := records.Call(srv.r, roomAddr, time30s)
	told := func(name string, done func(string, error)) {
		call(name, func(number string, err error) {
			stack = string(debug.Stack())
			done(number, err)
		})
	}
	line, addr := listen(t)
	require.NoError(t, srv.openOperator(line, told, time30s))
	served := make(chan error, 1)
	go func() { served <- srv.Serve() }()

	assert.Equal(t, phone.ErrLookupFailed.Line(),
		phonetest.Ask(t, addr, "Grace Hopper"))
	srv.StopPickingUp()
	require.NoError(t, <-served)

	frames := functions(stack)
	t.Logf("the stack the records room's hang-up is told on:\n%s",
		strings.Join(frames, "\n"))
	assert.Contains(t, frames, "records.(*asking).giveUp")
	assert.Contains(t, frames, "switchboard.(*Loop).Run")
	for _, f := range frames {
		assert.NotContains(t, f, "take", "a frame of the call that asked")
		assert.NotContains(t, f, "(*call)", "a frame of the call that asked")
	}
	assert.NotContains(t, stack, "Grace", "the name asked for")
}

const time30s = 30 * time.Second

// functions lists the functions on a debug.Stack, innermost first,
// without their packages' paths or arguments.
func functions(stack string) []string {
	var fs []string
	fn := regexp.MustCompile(`^(?:[\w.-]+/)*([\w.*()-]+)\(`)
	for line := range strings.Lines(stack) {
		if m := fn.FindStringSubmatch(line); m != nil {
			fs = append(fs, m[1])
		}
	}
	return fs
}

// listen opens a loopback listening socket on a free port.
func listen(t *testing.T) (int, string) {
	t.Helper()
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	require.NoError(t, err)
	require.NoError(t, unix.Bind(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}))
	require.NoError(t, unix.Listen(fd, 16))
	sa, err := unix.Getsockname(fd)
	require.NoError(t, err)
	return fd, "127.0.0.1:" + strconv.Itoa(sa.(*unix.SockaddrInet4).Port)
}
