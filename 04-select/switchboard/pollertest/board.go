package pollertest

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
)

// A Board is what a loop's wait looks at: idle lines, callers on hold
// or silent, and active lines, each with a question waiting, all
// watched for Readable by one Poller. The wait benchmarks of chapters
// 4 and 5 time one turn of a loop on it, WaitAndDispatch, for each
// poller: the data for the readiness figure in plots/.
type Board struct {
	p       switchboard.Poller
	lines   []int // the listeners the idle lines ring
	idle    []int // connected, never accepted, never spoken on
	active  []int // each always has a byte to read
	callers []int // the active lines' other ends
	served  []int // by fd: how often each line was handed over
	events  []switchboard.Event
}

// idlePerListener keeps each listener's backlog (somaxconn, 4096)
// from filling: past it, the handshake is dropped and a connect waits
// a second for a retry.
const idlePerListener = 4000

// NewBoard watches idle silent lines and active busy ones with p, and
// closes them and p when tb ends.
//
// An idle line is a TCP connection to a listener that never accepts
// it: connected, silent, one fd in this process, so 10,000 fit the fd
// limit. An active line is one end of a socket pair with a byte in it,
// never read: on a level-triggered poller it is ready on every wait.
// The active lines come last, so their fds are the highest: select and
// poll scan every idle line before they reach one.
func NewBoard(tb testing.TB, p switchboard.Poller, idle, active int) *Board {
	tb.Helper()
	b := &Board{p: p}
	tb.Cleanup(b.close)
	var to unix.Sockaddr
	for i := range idle {
		if i%idlePerListener == 0 {
			l, err := unix.Socket(unix.AF_INET,
				unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
			require.NoError(tb, err)
			b.lines = append(b.lines, l)
			require.NoError(tb, unix.Bind(l,
				&unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}))
			require.NoError(tb, unix.Listen(l, idlePerListener+96))
			to, err = unix.Getsockname(l)
			require.NoError(tb, err)
		}
		fd, err := unix.Socket(unix.AF_INET,
			unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
		require.NoError(tb, err, "idle line %d of %d", i, idle)
		b.idle = append(b.idle, fd)
		require.NoError(tb, unix.Connect(fd, to))
	}
	for range active {
		pair, err := unix.Socketpair(unix.AF_UNIX,
			unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
		require.NoError(tb, err)
		b.active = append(b.active, pair[0])
		b.callers = append(b.callers, pair[1])
		_, err = unix.Write(pair[1], []byte("?"))
		require.NoError(tb, err)
	}
	for _, fd := range slices.Concat(b.idle, b.active) {
		require.NoError(tb, p.Watch(fd, switchboard.Readable))
	}
	all := slices.Concat(b.lines, b.idle, b.active, b.callers, []int{0})
	b.served = make([]int, slices.Max(all)+1)
	return b
}

// WaitAndDispatch is one turn of a loop: wait, and hand every ready
// line over. It returns how many were.
func (b *Board) WaitAndDispatch() int {
	b.events, _ = b.p.Wait(-1, b.events)
	for _, ev := range b.events {
		b.served[ev.Fd]++
	}
	return len(b.events)
}

// Idle is the board's idle lines, in the order they were made.
func (b *Board) Idle() []int { return b.idle }

// Active is the board's active lines, in the order they were made.
func (b *Board) Active() []int { return b.active }

// Served is how often WaitAndDispatch has handed line fd over.
func (b *Board) Served(fd int) int { return b.served[fd] }

// close hangs up: the listeners first, so the kernel resets the
// callers it never handed over and no connection lingers in
// TIME_WAIT.
func (b *Board) close() {
	for _, fds := range [][]int{b.lines, b.idle, b.active, b.callers} {
		for _, fd := range fds {
			unix.Close(fd)
		}
	}
	b.p.Close()
}
