package pollertest

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/workshop/contract"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// ShortCalls is a switchboard in this process, waiting with a chapter's
// Poller, and a caller that makes whole short calls to it, one at a
// time, over real sockets: what a chapter's allocation test and its
// short-call benchmark measure.
//
// The caller makes its calls with nothing but system calls into bytes
// it keeps, and allocates nothing: what the process allocates while it
// calls is the switchboard's.
type ShortCalls struct {
	to   unix.Sockaddr
	buf  []byte
	want []byte
}

// NewShortCalls starts a switchboard on p, with an instant lookup, and
// closes it when tb ends.
func NewShortCalls(tb testing.TB, p switchboard.Poller) *ShortCalls {
	tb.Helper()
	line, addr, err := blocking.Listen("127.0.0.1:0", 128)
	require.NoError(tb, err)
	sb, err := switchboard.New(line, switchboard.Options{
		Idle: 5 * time.Second, Poller: p})
	require.NoError(tb, err)
	served := make(chan error, 1)
	go func() { served <- sb.Serve() }()
	tb.Cleanup(func() {
		sb.Close()
		require.NoError(tb, <-served)
	})
	to, _, err := contract.Sockaddr(addr)
	require.NoError(tb, err)
	return &ShortCalls{to: to, buf: make([]byte, 256),
		want: []byte(phone.Greeting + phone.Answer("alice"))}
}

// Call asks for alice and says whether the operator greeted, answered
// right and hung up.
func (s *ShortCalls) Call() bool {
	fd, err := unix.Socket(unix.AF_INET,
		unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return false
	}
	defer unix.Close(fd)
	if unix.Connect(fd, s.to) != nil {
		return false
	}
	if _, err := unix.Write(fd, []byte("alice\n")); err != nil {
		return false
	}
	heard := 0
	for heard < len(s.buf) {
		n, err := unix.Read(fd, s.buf[heard:])
		if err == unix.EINTR {
			continue
		}
		if err != nil || n == 0 {
			break
		}
		heard += n
	}
	return bytes.Equal(s.buf[:heard], s.want)
}

// AllocsACall is how many heap allocations the process makes a short
// call, over calls calls, once the switchboard on p has met its fds
// (a warm-up of 200 calls grows its tables), and how many calls went
// wrong.
func AllocsACall(tb testing.TB, p switchboard.Poller, calls int) (
	allocs float64, wrong int) {
	tb.Helper()
	s := NewShortCalls(tb, p)
	for range 200 {
		require.True(tb, s.Call(), "a warm-up call went wrong")
	}
	allocs = testing.AllocsPerRun(calls, func() {
		if !s.Call() {
			wrong++
		}
	})
	return allocs, wrong
}

// BenchShortCalls times short calls to a switchboard on p, and reports
// their allocations.
func BenchShortCalls(b *testing.B, p switchboard.Poller) {
	s := NewShortCalls(b, p)
	b.ReportAllocs()
	for b.Loop() {
		if !s.Call() {
			b.Fatal("a call went wrong")
		}
	}
}
