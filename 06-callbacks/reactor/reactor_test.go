package reactor_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/06-callbacks/reactor"
)

// README: "a callback never runs inside the call that registered it".
// Each way of asking for a callback, on something already ready: the
// callback must find the registering call returned.
func TestACallbackNeverRunsInsideTheCallThatRegisteredIt(t *testing.T) {
	r := running(t)
	pair, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK, 0)
	require.NoError(t, err)
	unix.Write(pair[1], []byte("x")) // readable and writable already
	defer unix.Close(pair[1])

	ways := map[string]func(f func()){
		"WhenReadable": func(f func()) { r.WhenReadable(pair[0], f) },
		"WhenWritable": func(f func()) { r.WhenWritable(pair[0], f) },
		"After 0":      func(f func()) { r.After(0, f) },
		"Soon":         func(f func()) { r.Soon(f) },
		"Dial, refused": func(f func()) {
			r.Dial(closedPort(t), func(int, error) { f() })
		},
		"Dial, bad address": func(f func()) {
			r.Dial("nowhere", func(int, error) { f() })
		},
	}
	for name, ask := range ways {
		called := make(chan bool, 2)
		on(t, r, func() {
			returned := false
			ask(func() { called <- returned })
			returned = true
		})
		select {
		case wasReturned := <-called:
			assert.True(t, wasReturned, "%s: the callback ran inside it", name)
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: no callback within 5 s", name)
		}
	}
	on(t, r, func() { r.Close(pair[0]) })
}

// README: "a callback runs at most once". A line that stays readable
// (level-triggered), asked about once, calls back once over many
// turns; a timer canceled, a dial canceled and a line closed call
// back never.
func TestACallbackIsNeverCalledTwice(t *testing.T) {
	r := running(t)
	pair, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK, 0)
	require.NoError(t, err)
	defer unix.Close(pair[1])
	unix.Write(pair[1], []byte("stays unread"))

	var reads, writes, timers, dials, closed int
	over := make(chan struct{})
	on(t, r, func() {
		r.WhenReadable(pair[0], func() { reads++ })
		r.WhenWritable(pair[0], func() { writes++ })
		r.Cancel(r.After(0, func() { timers++ }))
		r.Dial(closedPort(t), func(int, error) { dials++ }).Cancel()
		// A line closed with callbacks waiting: they never run.
		other, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK, 0)
		require.NoError(t, err)
		r.WhenWritable(other[0], func() { closed++ })
		r.Close(other[0])
		unix.Close(other[1])
		// Many turns: each tick is one.
		var tick func(n int)
		tick = func(n int) {
			if n == 0 {
				close(over)
				return
			}
			r.After(time.Millisecond, func() { tick(n - 1) })
		}
		tick(50)
	})
	<-over
	on(t, r, func() {
		assert.Equal(t, 1, reads, "a read callback, asked once")
		assert.Equal(t, 1, writes, "a write callback, asked once")
		assert.Zero(t, timers, "a timer canceled")
		assert.Zero(t, dials, "a dial canceled")
		assert.Zero(t, closed, "a callback on a line closed")
		r.Close(pair[0])
	})
}

// A dial to a listening port calls back with the connected fd, which
// reads what the other end writes.
func TestADialToAListenerConnects(t *testing.T) {
	r := running(t)
	line, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	require.NoError(t, err)
	defer unix.Close(line)
	require.NoError(t, unix.Bind(line, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}))
	require.NoError(t, unix.Listen(line, 1))
	sa, _ := unix.Getsockname(line)
	addr := "127.0.0.1:" + itoa(sa.(*unix.SockaddrInet4).Port)

	got := make(chan error, 1)
	on(t, r, func() {
		r.Dial(addr, func(fd int, err error) {
			if err == nil {
				r.Close(fd)
			}
			got <- err
		})
	})
	assert.NoError(t, <-got)
}

// Dial fails the same way, later, when socket(2) itself fails: with no
// fd to spare, the callback hears EMFILE, and a Cancel before it stops
// that too.
func TestADialWithNoFdsCallsBackLaterAndCanBeCanceled(t *testing.T) {
	r := running(t)
	got := make(chan error, 2)
	on(t, r, func() {
		var lim unix.Rlimit
		require.NoError(t, unix.Getrlimit(unix.RLIMIT_NOFILE, &lim))
		low := lim
		low.Cur = 3 // every fd above stderr is taken
		require.NoError(t, unix.Setrlimit(unix.RLIMIT_NOFILE, &low))
		r.Dial(closedPort0, func(fd int, err error) { got <- err })
		r.Dial(closedPort0, func(fd int, err error) { got <- err }).Cancel()
		require.NoError(t, unix.Setrlimit(unix.RLIMIT_NOFILE, &lim))
	})
	err := <-got
	assert.ErrorIs(t, err, unix.EMFILE)
	on(t, r, func() {})
	assert.Empty(t, got, "the canceled dial called back")
}

// closedPort0 is an address no dial gets to in these tests: port 0.
const closedPort0 = "127.0.0.1:0"

var _ = errors.Is
var _ = reactor.ErrCanceled
