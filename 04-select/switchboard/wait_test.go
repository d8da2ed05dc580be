package switchboard_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/04-select/switchboard/pollertest"
)

// newBoard is the board the waits are timed on (pollertest.Board,
// which chapter 5 times epoll on too): k idle lines and one active
// line, watched by a fresh Poller called name. The active line's fd is
// the highest, so a wait scans past every idle line before it finds it.
func newBoard(tb testing.TB, name string, k int) *pollertest.Board {
	tb.Helper()
	p, err := switchboard.NewPoller(name)
	require.NoError(tb, err)
	return pollertest.NewBoard(tb, p, k, 1)
}

// neverIdle fails tb if b ever handed over an idle line: only the
// active line has anything to read.
func neverIdle(tb testing.TB, b *pollertest.Board) {
	tb.Helper()
	for _, fd := range b.Idle() {
		if b.Served(fd) > 0 {
			tb.Fatalf("idle line %d is ready", fd)
		}
	}
}

// idleCounts are the K the benchmark measures for each poller; select
// stops short of its wall at fd 1024.
var idleCounts = map[string][]int{
	"select": {1, 10, 100, 1000},
	"poll":   {1, 10, 100, 1000, 10000},
}

// boardFds is what a board adds besides its idle lines: the listener
// they ring and the active line's socket pair.
const boardFds = 3

// underTheWall is k, or fewer if k idle lines would not fit under
// select's wall beside the fds already open (inherited ones too):
// select refuses fd 1024, and a test must not fail for what the
// process was handed.
func underTheWall(name string, k int) int {
	if name != "select" {
		return k
	}
	return min(k, pollertest.FreeBelow(1024)-boardFds)
}

// BenchmarkWait is the cost of one wait-and-dispatch with K idle lines
// and one active line, for each poller: the data for the readiness
// figure in plots/.
//
//	go test -run '^$' -bench Wait ./switchboard
func BenchmarkWait(b *testing.B) {
	for _, name := range switchboard.Backends {
		for _, k := range idleCounts[name] {
			b.Run(fmt.Sprintf("%s/idle=%d", name, k), func(b *testing.B) {
				switchboard.NeedsExercises(b)
				board := newBoard(b, name, underTheWall(name, k))
				for b.Loop() {
					board.WaitAndDispatch()
				}
				neverIdle(b, board)
				if board.Served(board.Active()[0]) == 0 {
					b.Fatal("the active line was never served")
				}
			})
		}
	}
}

// The cost of a wait grows with the idle lines: select and poll look
// at every line watched, on every wait, ready or not. One wait with
// 1,000 idle lines (fewer if the process inherited fds under select's
// wall) costs many times one with 10, though in both only one line is
// ready. (Measured: tens of times; asserted: 5.)
func TestTheWaitCostGrowsWithIdleLines(t *testing.T) {
	switchboard.NeedsExercises(t)
	// Fewer waits on the big board: each takes far longer.
	const waitsFew, waitsMany, rounds = 2000, 200, 5
	for _, name := range switchboard.Backends {
		t.Run(name, func(t *testing.T) {
			few := newBoard(t, name, 10)
			// 1,000, or as many as still fit under select's wall.
			many := newBoard(t, name, underTheWall(name, 1000))
			require.Greater(t, len(many.Idle()), 900,
				"too few fds free under 1024 for the board")
			// The least of a few rounds, taken in turns: the time the
			// machine could do it in, without other work in the way.
			var withFew, withMany []time.Duration
			for range rounds {
				withFew = append(withFew, timeWaits(few, waitsFew))
				withMany = append(withMany, timeWaits(many, waitsMany))
			}
			neverIdle(t, few)
			neverIdle(t, many)
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
func timeWaits(b *pollertest.Board, n int) time.Duration {
	start := time.Now()
	for range n {
		b.WaitAndDispatch()
	}
	return time.Since(start) / time.Duration(n)
}
