package main

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/caller"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// The claims the README makes about a call centre with a fixed staff,
// each checked against the real binary, run as its own process.

func TestConformance(t *testing.T) {
	needsTheSolutions(t)
	phonetest.Run(t, phonetest.Options{Dir: "."})
}

// needsTheSolutions skips a test of the whole server when the tests
// are built with -tags exercise03. The server is then built with the
// learner's work and offer, and it cannot take a single call while
// they are the stubs: only the exercise tests say anything useful.
func needsTheSolutions(t *testing.T) {
	t.Helper()
	if exercising {
		t.Skip("built with -tags exercise03, the server runs your work " +
			"and offer: this test of the whole server runs without the " +
			"tag, on the solutions (see the README's exercises)")
	}
}

// README: "P workers answer in waves of P". Four workers, twelve
// callers at once, a one-second lookup: three waves of four.
//
// At most four at once: each worker sleeps through a lookup per call,
// so the k-th answer cannot come sooner than ceil(k/4) lookups after
// the fleet started (stamped before the first dial). A loaded machine
// only delays answers, so this holds however loaded it is.
//
// At least four at once: exactly four callers are picked up more than
// half a lookup before the first answer comes. The fifth can only be
// picked up by a worker that has answered (microseconds after it, so
// its stamp may even come first); a staff of three picks up three.
// This compares stamps with each other, not with a clock, so a loaded
// machine that delays whole waves (by more than a lookup in all, seen
// with a load of 17 on two cores) does not change it: only one
// caller's stamp held back by half a lookup more than another's could.
//
// And the waves follow each other: all are answered in under twice
// the three lookups it takes, where one at a time would take twelve.
func TestTwelveCallersOnFourWorkersAreAnsweredInThreeWaves(t *testing.T) {
	needsTheSolutions(t)
	const workers, n, lookup = 4, 12, time.Second
	srv := phonetest.StartHere(t, "-workers", fmt.Sprint(workers),
		"-lookup", lookup.String())

	r := phonetest.Callers(t, caller.Fleet{Addr: srv.Addr, N: n})
	require.Equal(t, n, r.Summary().Answered, "%+v", r.Summary())

	var after []time.Duration // each answer, from the fleet's start
	for _, c := range r.Calls {
		after = append(after, c.Answered.Sub(r.Start))
	}
	slices.Sort(after)
	for i, at := range after {
		wave := i/workers + 1
		assert.GreaterOrEqual(t, at, time.Duration(wave)*lookup,
			"answer %d of %d came before %d lookups: more than %d "+
				"answered at once", i+1, n, wave, workers)
	}
	firstWave := r.Start.Add(after[0] - lookup/2)
	early := 0
	for _, c := range r.Calls {
		if c.PickedUp.Before(firstWave) {
			early++
		}
	}
	assert.Equal(t, workers, early, "callers picked up half a lookup "+
		"or more before the first answer: the first wave")
	assert.Less(t, after[n-1], 2*3*lookup, "the last answer")

	for i := range after {
		after[i] = after[i].Round(time.Millisecond)
	}
	t.Logf("%d callers, %d workers, lookup %v: answers after %v",
		n, workers, lookup, after)
}

// README: "the thread count stays flat". Four workers, two hundred
// callers at once: the threads the server has while they call are the
// threads it had before the first one rang. Threads are compared by
// their ids, not only counted, and the only difference allowed is the
// few Go's runtime may start for itself at any time (its spare threads
// vary by one or two from run to run with no caller at all). A thread
// per call would add two hundred.
func TestTheThreadCountStaysFlatHoweverManyCallersCome(t *testing.T) {
	needsTheSolutions(t)
	const workers, n, runtimeSpares = 4, 200, 3
	srv := phonetest.StartHere(t, "-workers", fmt.Sprint(workers),
		"-lookup", "50ms", "-queue", "300")
	time.Sleep(100 * time.Millisecond) // the workers settle in
	idle := threadIDs(t, srv.Pid)

	peak, seen := 0, map[int]bool{}
	stop := make(chan struct{})
	var watcher sync.WaitGroup
	watcher.Go(func() {
		for {
			ids := threadIDs(t, srv.Pid)
			peak = max(peak, len(ids))
			for id := range ids {
				seen[id] = true
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	})
	r := phonetest.Callers(t, caller.Fleet{Addr: srv.Addr, N: n,
		MaxRinging: 100})
	close(stop)
	watcher.Wait()

	s := r.Summary()
	assert.Equal(t, n, s.Answered, "%+v", s)
	var added []int
	for id := range seen {
		if !idle[id] {
			added = append(added, id)
		}
	}
	assert.LessOrEqual(t, len(added), runtimeSpares, "threads that "+
		"came with the callers: %v; %d workers, %d threads before",
		added, workers, len(idle))
	assert.LessOrEqual(t, peak, len(idle)+runtimeSpares,
		"threads at the peak; %d before the callers came", len(idle))
	t.Logf("%d workers, %d callers: %d threads idle, %d at the peak, "+
		"%d new ones", workers, n, len(idle), peak, len(added))
}

// threadIDs returns the ids of process pid's threads now.
func threadIDs(t *testing.T, pid int) map[int]bool {
	entries, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	require.NoError(t, err, "the server's threads")
	ids := map[int]bool{}
	for _, e := range entries {
		id, err := strconv.Atoi(e.Name())
		require.NoError(t, err, "a thread id in /proc/%d/task", pid)
		ids[id] = true
	}
	return ids
}

// README: "a full queue gives busy". One worker, a queue of one. The
// first caller is picked up and keeps the worker (says nothing); the
// second waits in the queue, ringing; the third hears busy at once.
func TestAFullQueueGivesTheBusySignal(t *testing.T) {
	needsTheSolutions(t)
	srv := phonetest.StartHere(t, "-workers", "1", "-queue", "1",
		"-lookup", "100ms")

	first := dialAndWait(t, srv.Addr)
	require.True(t, first.hear(t, time.Second), "picked up")
	second := dialAndWait(t, srv.Addr)
	third := dialAndWait(t, srv.Addr)

	began := time.Now()
	line, err := third.line(5 * time.Second)
	require.NoError(t, err)
	assert.Equal(t, "error: busy\n", line, "the queue is full")
	assert.Less(t, time.Since(began), 2*time.Second, "at once")
	assert.False(t, second.hear(t, 300*time.Millisecond),
		"the second caller is queued, still ringing")

	first.ask(t, "alice")
	assert.Equal(t, "alice: 555-7479\n", first.reply(t))
	require.True(t, second.hear(t, 5*time.Second),
		"picked up once the worker is free")
	second.ask(t, "bob")
	assert.Equal(t, "bob: 555-4244\n", second.reply(t))
}

// README: "-when-full block". The same full queue, but the third
// caller is not told busy: it rings until the worker is free, then is
// answered like the others.
func TestBlockWhenFullLeavesCallersRinging(t *testing.T) {
	needsTheSolutions(t)
	srv := phonetest.StartHere(t, "-workers", "1", "-queue", "1",
		"-lookup", "100ms", "-when-full", "block")

	first := dialAndWait(t, srv.Addr)
	require.True(t, first.hear(t, time.Second), "picked up")
	second := dialAndWait(t, srv.Addr)
	third := dialAndWait(t, srv.Addr)
	assert.False(t, third.hear(t, 300*time.Millisecond),
		"the third caller rings, and hears no busy signal")

	for _, c := range []*call{first, second, third} {
		if c != first {
			require.True(t, c.hear(t, 5*time.Second), "picked up")
		}
		c.ask(t, "alice")
		assert.Equal(t, "alice: 555-7479\n", c.reply(t))
	}
}
