package epoll

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

// pollers are the three waits, each made fresh for a board
// (pollertest.Board, chapter 4's: idle lines, then active lines with a
// question waiting). epoll is level-triggered here: the board never
// reads its active lines, and edge-triggered they would be reported
// once.
var pollers = []struct {
	name string
	make func(testing.TB) switchboard.Poller
}{
	{"select", func(testing.TB) switchboard.Poller {
		return switchboard.NewSelect()
	}},
	{"poll", func(testing.TB) switchboard.Poller {
		return switchboard.NewPoll()
	}},
	{"epoll", func(tb testing.TB) switchboard.Poller {
		e, err := New(Level)
		require.NoError(tb, err)
		return e
	}},
}

// BenchmarkWait is the cost of one wait-and-dispatch with K idle lines
// and one active one, for select, poll (chapter 04's) and epoll, in
// the same run: the data for the readiness figure in plots/. select
// stops short of its wall at fd 1024.
//
//	go test -run '^$' -bench 'Wait$' ./epoll
func BenchmarkWait(b *testing.B) {
	needsExercises(b)
	for _, p := range pollers {
		for _, k := range []int{10, 100, 1000, 10000} {
			if p.name == "select" && k > 1000 {
				continue
			}
			b.Run(fmt.Sprintf("%s/idle=%d", p.name, k), func(b *testing.B) {
				board := pollertest.NewBoard(b, p.make(b), k, 1)
				for b.Loop() {
					if board.WaitAndDispatch() != 1 {
						b.Fatal("want the one active line, alone")
					}
				}
			})
		}
	}
}

// BenchmarkWaitAllActive is the other side: K lines, every one ready
// on every wait. The cost is per line handed over (ns/line), since
// epoll hands over at most readyAtOnce lines a wait. poll and epoll
// both do work for every ready line: here epoll saves nothing.
//
//	go test -run '^$' -bench 'WaitAllActive' ./epoll
func BenchmarkWaitAllActive(b *testing.B) {
	needsExercises(b)
	for _, p := range pollers[1:] {
		for _, k := range []int{10, 100, 1000, 5000} {
			b.Run(fmt.Sprintf("%s/active=%d", p.name, k), func(b *testing.B) {
				board := pollertest.NewBoard(b, p.make(b), 0, k)
				lines := 0
				for b.Loop() {
					lines += board.WaitAndDispatch()
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/
					float64(lines), "ns/line")
			})
		}
	}
}

// timeWaits is the least, over a few rounds, of the mean time of n
// waits-and-dispatches per line handed over: the time the machine can
// do it in when other work is not in the way.
func timeWaits(b *pollertest.Board, n, rounds int) time.Duration {
	var times []time.Duration
	for range rounds {
		lines, start := 0, time.Now()
		for range n {
			lines += b.WaitAndDispatch()
		}
		times = append(times, time.Since(start)/time.Duration(lines))
	}
	return slices.Min(times)
}

// README: "a wait costs the lines that are ready, not the lines on the
// board". With one line ready, epoll's wait among 5,000 idle lines
// costs about what it does among 10 (asserted: under 3 times), while
// poll's, in the same run, grows many times over (asserted: 10).
func TestTheWaitCostIsFlatInIdleLines(t *testing.T) {
	needsExercises(t)
	// Fewer waits on the big board: poll's take far longer there.
	const waitsFew, waitsMany, rounds = 400, 40, 5
	cost := map[string][2]time.Duration{}
	for _, p := range pollers[1:] {
		few := pollertest.NewBoard(t, p.make(t), 10, 1)
		many := pollertest.NewBoard(t, p.make(t), 5000, 1)
		f := timeWaits(few, waitsFew, rounds)
		m := timeWaits(many, waitsMany, rounds)
		cost[p.name] = [2]time.Duration{f, m}
		t.Logf("%s: one wait with 10 idle lines %v, with 5,000 %v (%.1fx)",
			p.name, f, m, float64(m)/float64(f))
	}
	assert.Less(t, cost["epoll"][1], 3*cost["epoll"][0],
		"epoll: 5,000 idle lines cost a wait little more than 10")
	assert.Greater(t, cost["poll"][1], 10*cost["poll"][0],
		"poll: 5,000 idle lines cost a wait many times 10")
}

// README: "O(1)... lies: really O(active)". When every line is
// active, epoll does work for each, as poll does: per line handed
// over, poll costs less than 3 times what epoll does, and epoll's
// whole wait grows with the lines that are ready (1,000 ready cost a
// wait over 10 times 10 ready).
func TestWithEveryLineActiveEpollSavesNothingOverPoll(t *testing.T) {
	needsExercises(t)
	const waits, rounds = 100, 5
	perLine := map[string]time.Duration{}
	for _, p := range pollers[1:] {
		b := pollertest.NewBoard(t, p.make(t), 0, 1000)
		perLine[p.name] = timeWaits(b, waits, rounds)
	}
	t.Logf("1,000 lines all ready, per line handed over: poll %v, "+
		"epoll %v", perLine["poll"], perLine["epoll"])
	assert.Less(t, perLine["poll"], 3*perLine["epoll"],
		"with every line ready, poll is no worse than epoll")

	// The wait, not the line: 10 ready lines against 1,000.
	e := func(active int) time.Duration {
		b := pollertest.NewBoard(t, pollers[2].make(t), 0, active)
		return timeWaits(b, waits, rounds) * time.Duration(active)
	}
	ten, thousand := e(10), e(1000)
	// 1,000 ready lines take two waits (readyAtOnce is 512): halve.
	t.Logf("epoll: a wait with 10 lines ready %v, with 1,000 %v per "+
		"512 (%.0fx)", ten, thousand/2, float64(thousand/2)/float64(ten))
	assert.Greater(t, thousand/2, 10*ten,
		"epoll's wait grows with the lines that are ready")
}
