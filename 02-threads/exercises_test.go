package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// patience bounds every wait in the exercise tests, so that a wrong
// solution fails them in seconds instead of hanging the run: far
// longer than anything here takes on a loaded machine (milliseconds).
const patience = 5 * time.Second

// Exercise 1 (your thread_exercise.go): onItsOwnThread gives each call
// a thread of its own, even where the runtime would park a goroutine
// (here, on a channel), and the thread ends when the call does.
//
// The runtime keeps idle threads and lends them out, so the process's
// thread count says little; the test counts threads by their ids
// instead. Each call says which thread it is on (gettid(2)); the ids
// must be n different threads, none of them the receptionist's, and
// each must be gone from /proc/self/task once its call is over.
func TestExercise1EachCallHasAThreadThatEndsWithIt(t *testing.T) {
	const n = 20
	release := make(chan struct{})
	var hangUpAll sync.Once
	free := func() { hangUpAll.Do(func() { close(release) }) }
	defer free()                  // whatever happens, no call waits forever
	onThread := make(chan int, n) // each call's thread id, as it starts
	hungUp := make(chan int, n)   // and again as it returns
	receptionist := make(chan int, 1)
	handedOn := make(chan struct{})

	// The test plays the receptionist: a goroutine on a thread of its
	// own, which says which thread that is and hands n calls on. (The
	// thread stays hers until the calls hang up: as in the server,
	// where she never stops.)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		receptionist <- unix.Gettid()
		for range n {
			onItsOwnThread(func() {
				tid := unix.Gettid()
				onThread <- tid
				<-release // where a plain goroutine would be parked
				hungUp <- tid
			})
		}
		close(handedOn)
		<-release // her thread stays hers until the calls are over
	}()
	hers := <-receptionist

	threads := map[int]bool{}
	for len(threads) < n {
		select {
		case tid := <-onThread:
			require.NotEqual(t, hers, tid, "a call ran on the "+
				"receptionist's thread: f must run on a new goroutine")
			require.False(t, threads[tid], "two calls on thread %d "+
				"(%d calls so far, on %d threads): each call needs "+
				"a thread of its own", tid, len(threads)+1, len(threads))
			threads[tid] = true
		case <-time.After(patience):
			t.Fatalf("only %d of %d calls started within %v: does "+
				"onItsOwnThread run f on a new goroutine?",
				len(threads), n, patience)
		}
	}
	select {
	case <-handedOn:
	case <-time.After(patience):
		t.Fatalf("the receptionist was not back within %v of handing "+
			"on %d calls: does onItsOwnThread wait for f?", patience, n)
	}
	for tid := range threads {
		assert.True(t, alive(tid), "thread %d of a call that is "+
			"waiting has ended", tid)
	}

	free()
	for range n {
		select {
		case <-hungUp:
		case <-time.After(patience):
			t.Fatalf("the calls did not return within %v", patience)
		}
	}
	// The process's main thread cannot end without ending the
	// process: a locked goroutine that exits on it leaves it parked
	// for good instead, and the runtime never uses it again. It may
	// have taken a call if it was idle, so it is not waited for.
	delete(threads, os.Getpid())
	deadline := time.Now().Add(patience)
	for tid := range threads {
		for alive(tid) && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
	}
	var survivors []int
	for tid := range threads {
		if alive(tid) {
			survivors = append(survivors, tid)
		}
	}
	assert.Empty(t, survivors, "%d of %d calls' threads were still "+
		"alive %v after their calls returned: a call's thread must "+
		"end with it", len(survivors), n, patience)
}

// alive says whether thread tid of this process is still running.
func alive(tid int) bool {
	_, err := os.Stat(fmt.Sprintf("/proc/self/task/%d", tid))
	return !errors.Is(err, os.ErrNotExist)
}

// Exercise 2 (your calls_exercise.go): calls are counted up to the
// limit; a busy signal keeps no line; and hang-ups that come all at
// once, from many threads, are each counted (under -race, a count that
// is a data race fails the test).
func TestExercise2CallsAreCountedUpToTheLimit(t *testing.T) {
	c := newCalls(3)
	for i := range 3 {
		require.True(t, c.pickUp(), "call %d of 3 gets a line", i+1)
	}
	for i := range 3 {
		require.False(t, c.pickUp(), "call %d, with all 3 lines in "+
			"use, hears busy", 4+i)
	}
	c.hangUp()
	assert.True(t, c.pickUp(), "a line came free: a busy signal "+
		"must not keep a line")
	assert.False(t, c.pickUp(), "and is taken again")

	// A hundred calls on the line hang up at the same moment, each on
	// its own goroutine, as calls on threads of their own do.
	const many = 100
	c = newCalls(many)
	for i := range many {
		require.True(t, c.pickUp(), "call %d of %d gets a line",
			i+1, many)
	}
	require.False(t, c.pickUp(), "call %d hears busy", many+1)
	var ready, done sync.WaitGroup
	ready.Add(many)
	done.Add(many)
	start := make(chan struct{})
	for range many {
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			c.hangUp()
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
	taken := 0
	for taken < 2*many && c.pickUp() {
		taken++
	}
	assert.Equal(t, many, taken, "after %d hang-ups at once, every "+
		"line is free again, and no more: a hang-up was lost or "+
		"counted twice", many)
}

// Exercise 2 (your calls_exercise.go): waitQuiet returns once the last
// call has hung up: at once when none is on the line, never before the
// last hang-up, and soon after it, without burning a core meanwhile.
// Three calls hang up 300 ms apart. waitQuiet must return within a
// second of the last: a wake-up takes well under 100 ms even on a
// loaded machine, so only a wait that naps (or polls slowly) misses
// that. And the process may use at most 20 ms of CPU time in the 900 ms
// it waits: a wait that sleeps uses about a millisecond (5 ms at the
// most seen, on two cores with a load of 14 to 19), while a loop that
// spins uses what share of a core it gets: 68 ms at the least seen, at
// a load of 18.
func TestExercise2WaitQuietReturnsWhenTheLastCallHangsUp(t *testing.T) {
	const n, apart, soon = 3, 300 * time.Millisecond, time.Second
	c := newCalls(10)
	var hungUp atomic.Int32 // hang-ups begun
	// quiet calls waitQuiet on another goroutine, and says when it
	// returned and how many hang-ups had begun by then.
	type quietAt struct {
		at     time.Time
		hungUp int32
	}
	quiet := func() <-chan quietAt {
		returned := make(chan quietAt, 1)
		go func() {
			c.waitQuiet()
			returned <- quietAt{time.Now(), hungUp.Load()}
		}()
		return returned
	}

	began := time.Now()
	select {
	case q := <-quiet():
		assert.Less(t, q.at.Sub(began), soon,
			"with nobody on the line, waitQuiet returns at once")
	case <-time.After(patience):
		t.Fatalf("with nobody on the line, waitQuiet had not returned "+
			"after %v", patience)
	}

	for range n {
		require.True(t, c.pickUp())
	}
	lastHangUp := make(chan time.Time, 1) // stamped before it begins
	go func() {
		for i := range n {
			time.Sleep(apart)
			if i == n-1 {
				lastHangUp <- time.Now()
			}
			hungUp.Add(1)
			go c.hangUp() // from a thread of the call's own
		}
	}()
	began = time.Now()
	cpu := cpuTime(t)
	var q quietAt
	select {
	case q = <-quiet():
	case <-time.After(patience):
		t.Fatalf("waitQuiet had not returned %v after the first of %d "+
			"calls hung up %v apart", patience, n, apart)
	}
	cpu = cpuTime(t) - cpu
	require.Equal(t, int32(n), q.hungUp, "waitQuiet returned after "+
		"%d of the %d calls had hung up: it must wait for the last",
		q.hungUp, n)
	late := q.at.Sub(<-lastHangUp)
	t.Logf("waitQuiet returned %v after the last hang-up; the process "+
		"used %v of CPU time meanwhile", late, cpu)
	assert.Less(t, late, soon, "waitQuiet returned %v after the last "+
		"call hung up: it should wake when the last call hangs up, "+
		"not nap and then look", late.Round(time.Millisecond))
	assert.Less(t, cpu, 20*time.Millisecond, "the process used %v of "+
		"CPU time while waitQuiet waited %v: it should sleep until the "+
		"last hang-up, not spin", cpu, q.at.Sub(began).Round(time.Millisecond))
}

// cpuTime is the CPU time this process has used so far, its threads'
// user and system time together.
func cpuTime(t *testing.T) time.Duration {
	var ru unix.Rusage
	require.NoError(t, unix.Getrusage(unix.RUSAGE_SELF, &ru))
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
