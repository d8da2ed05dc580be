package switchboard

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// A board is K idle lines and one active one, all watched for
// Readable by one poller: what the loop's wait looks at when K callers
// are on hold or silent and one has just spoken.
type board struct {
	p      Poller
	idle   []int // connected, never accepted, never spoken on
	active int   // always has a byte to read
	lines  []int // the listeners the idle callers ring
	peer   int   // the active line's other end
	events []Event
	answer []func() // what each ready line is handed to, by fd
	served int
}

// callersPerLine keeps each listener's backlog from filling: a full
// backlog drops the handshake and connect waits a second to retry.
const callersPerLine = 4000

// newBoard connects k idle callers and one active line. An idle caller
// is a TCP connection to a listener that never accepts it: established,
// silent, and one fd in this process, so 10,000 of them fit within the
// fd limit. The active line is made last, so its fd is the highest and
// a wait scans past every idle line before it finds it.
func newBoard(tb testing.TB, p Poller, k int) *board {
	tb.Helper()
	b := &board{p: p}
	tb.Cleanup(b.close)
	var to unix.Sockaddr
	for i := range k {
		if i%callersPerLine == 0 {
			line, err := unix.Socket(unix.AF_INET,
				unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
			require.NoError(tb, err)
			b.lines = append(b.lines, line)
			require.NoError(tb, unix.Bind(line,
				&unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}))
			require.NoError(tb, unix.Listen(line, callersPerLine+96))
			to, err = unix.Getsockname(line)
			require.NoError(tb, err)
		}
		fd, err := unix.Socket(unix.AF_INET,
			unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
		require.NoError(tb, err, "idle caller %d of %d", i, k)
		b.idle = append(b.idle, fd)
		require.NoError(tb, unix.Connect(fd, to))
	}
	pair, err := unix.Socketpair(unix.AF_UNIX,
		unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	require.NoError(tb, err)
	b.active, b.peer = pair[0], pair[1]
	_, err = unix.Write(b.peer, []byte("x"))
	require.NoError(tb, err)

	b.answer = make([]func(), b.active+1)
	for _, fd := range b.idle {
		require.NoError(tb, p.Watch(fd, Readable))
		b.answer[fd] = func() { tb.Fatalf("idle line %d is ready", fd) }
	}
	require.NoError(tb, p.Watch(b.active, Readable))
	b.answer[b.active] = func() { b.served++ }
	return b
}

// waitAndDispatch is one turn of a loop: wait, and hand every ready
// line to its handler.
func (b *board) waitAndDispatch() {
	b.events, _ = b.p.Wait(-1, b.events)
	for _, ev := range b.events {
		b.answer[ev.Fd]()
	}
}

// close hangs up: the listeners first, so the kernel resets the
// callers it never handed over and no connection lingers in TIME_WAIT.
func (b *board) close() {
	for _, fd := range b.lines {
		unix.Close(fd)
	}
	for _, fd := range b.idle {
		unix.Close(fd)
	}
	if b.active > 0 {
		unix.Close(b.active)
		unix.Close(b.peer)
	}
	b.p.Close()
}

// idleCounts are the K the benchmark measures for each poller; select
// stops short of its wall at fd 1024.
var idleCounts = map[string][]int{
	"select": {1, 10, 100, 1000},
	"poll":   {1, 10, 100, 1000, 10000},
}

// BenchmarkWait is the cost of one wait-and-dispatch with K idle lines
// and one active line, for each poller: the data for the readiness
// figure in plots/.
//
//	go test -run '^$' -bench Wait ./switchboard
func BenchmarkWait(b *testing.B) {
	for _, name := range Backends {
		for _, k := range idleCounts[name] {
			b.Run(fmt.Sprintf("%s/idle=%d", name, k), func(b *testing.B) {
				needsExercises(b)
				board := newBoard(b, pollers[name](), k)
				for b.Loop() {
					board.waitAndDispatch()
				}
				if board.served == 0 {
					b.Fatal("the active line was never served")
				}
			})
		}
	}
}

// The cost of a wait grows with the idle lines: select and poll look
// at every line watched, on every wait, ready or not. One wait with
// 1,000 idle lines costs many times one with 10, though in both only
// one line is ready. (Measured: tens of times; asserted: 5.)
func TestTheWaitCostGrowsWithIdleLines(t *testing.T) {
	needsExercises(t)
	// Fewer waits on the big board: each takes far longer.
	const waitsFew, waitsMany, rounds = 2000, 200, 5
	for _, name := range Backends {
		t.Run(name, func(t *testing.T) {
			few := newBoard(t, pollers[name](), 10)
			many := newBoard(t, pollers[name](), 1000)
			// The least of a few rounds, taken in turns: the time the
			// machine could do it in, without other work in the way.
			var withFew, withMany []time.Duration
			for range rounds {
				withFew = append(withFew, timeWaits(few, waitsFew))
				withMany = append(withMany, timeWaits(many, waitsMany))
			}
			f, m := slices.Min(withFew), slices.Min(withMany)
			t.Logf("%s: one wait with 10 idle lines %v, with 1000 %v "+
				"(%.0fx)", name, f, m, float64(m)/float64(f))
			assert.Greater(t, m, 5*f,
				"a wait with 1000 idle lines costs at least 5 waits "+
					"with 10")
		})
	}
}

// timeWaits is the mean time of one wait-and-dispatch over n.
func timeWaits(b *board, n int) time.Duration {
	start := time.Now()
	for range n {
		b.waitAndDispatch()
	}
	return time.Since(start) / time.Duration(n)
}
