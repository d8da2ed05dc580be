package coro

import (
	"errors"
	"iter"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
)

// README: "exactly one coroutine runs at a time, on the loop's one
// thread". 50 coroutines, started by Go from 50 goroutines, each park
// 20 times on a socket's write side; every time one runs, it is on the
// loop's thread and the only one running.
func TestOneCoroutineRunsAtATimeOnTheLoopsThread(t *testing.T) {
	s := running(t)
	const coroutines, parks = 50, 20
	var (
		mu      sync.Mutex // only for the test's own tally
		inside  int
		most    int
		threads = map[int]int{}
	)
	enter := func() {
		mu.Lock()
		defer mu.Unlock()
		inside++
		most = max(most, inside)
		threads[unix.Gettid()]++
	}
	leave := func() {
		mu.Lock()
		defer mu.Unlock()
		inside--
	}
	done := make(chan struct{}, coroutines)
	var started sync.WaitGroup
	for range coroutines {
		started.Go(func() {
			s.Go(func(co *Co) {
				_, fd := socketPair(t)
				defer func() { done <- struct{}{} }()
				for range parks {
					enter()
					time.Sleep(10 * time.Microsecond) // room to overlap
					leave()
					_, err := co.Await(fd, switchboard.Writable,
						time.Time{})
					if !assert.NoError(t, err) {
						return
					}
				}
			})
		})
	}
	started.Wait()
	for range coroutines {
		within(t, 10*time.Second, done, "every coroutine ends")
	}
	assert.Equal(t, 1, most, "coroutines running at once")
	assert.Equal(t, map[int]int{s.loop.Thread(): coroutines * parks},
		threads, "the threads they ran on")
	assert.Zero(t, alive(t, s))
	assert.NoError(t, s.Misused())
}

// A resume from another goroutine is refused and noted, not obeyed:
// resumed there, the coroutine would run beside the loop.
func TestAResumeFromAnotherGoroutineIsRefused(t *testing.T) {
	s := running(t)
	wakers := make(chan func(), 1)
	woke := make(chan struct{}, 1)
	s.Go(func(co *Co) {
		wakers <- co.Waker()
		if co.Park() == nil {
			woke <- struct{}{}
		}
	})
	wake := within(t, 5*time.Second, wakers, "the coroutine parks")
	time.Sleep(10 * time.Millisecond) // parked by now
	wake()
	select {
	case <-woke:
		t.Fatal("resumed from a goroutine not the loop's")
	case <-time.After(100 * time.Millisecond):
	}
	assert.ErrorContains(t, s.Misused(), "not the loop's")
	onLoop(t, s, wake) // the loop may
	within(t, 5*time.Second, woke, "resumed on the loop's thread")
}

// A waker belongs to one park: called after that park is over, it does
// not wake the coroutine from a later one.
func TestAWakeForAParkThatIsOverIsIgnored(t *testing.T) {
	s := running(t)
	late := make(chan func(), 1)
	second := make(chan error, 1)
	s.Go(func(co *Co) {
		first := co.Waker()
		s.loop.After(time.Millisecond, first)
		co.Park()
		late <- first
		s.loop.After(200*time.Millisecond, co.Waker())
		second <- co.Park()
	})
	first := within(t, 5*time.Second, late, "the first park ends")
	start := time.Now()
	onLoop(t, s, first) // during the second park
	assert.NoError(t, within(t, 5*time.Second, second,
		"the second park ends"))
	assert.GreaterOrEqual(t, time.Since(start), 150*time.Millisecond,
		"woken from its second park by the first park's waker")
	assert.NoError(t, s.Misused())
}

// Stop ends a parked coroutine where it is parked: its call returns
// ErrEnded and its deferred funcs run.
func TestStopEndsAParkedCoroutineAndRunsItsDefers(t *testing.T) {
	s := running(t)
	cos := make(chan *Co, 1)
	ended := make(chan error, 1)
	s.Go(func(co *Co) {
		var err error
		defer func() { ended <- err }()
		cos <- co
		err = co.Park()
	})
	co := within(t, 5*time.Second, cos, "it starts")
	onLoop(t, s, func() { s.Stop(co) })
	err := within(t, 5*time.Second, ended, "it ends")
	assert.ErrorIs(t, err, ErrEnded)
	assert.Zero(t, alive(t, s))
}

// README: "a coroutine made off the loop's thread crashes the program
// when the loop resumes it" (golang/go#65889, #67499). Go checks that a
// coroutine is switched to on the thread, and in the lock state, it was
// made in; so Go makes every coroutine on the loop's thread. The crash
// is a fatal error no recover catches: the test runs it in a child.
func TestACoroutineMadeOffTheLoopsThreadCrashesWhenResumedThere(t *testing.T) {
	if os.Getenv("CORO_MADE_OFF_THE_LOOP") == "1" {
		s := running(t)
		next, _ := iter.Pull(func(yield func(int) bool) { yield(1) })
		onLoop(t, s, func() { next() }) // the fatal error is here
		return
	}
	exe, err := os.Executable()
	require.NoError(t, err)
	cmd := exec.Command(exe, "-test.run",
		"^TestACoroutineMadeOffTheLoopsThreadCrashesWhenResumedThere$")
	cmd.Env = append(os.Environ(), "CORO_MADE_OFF_THE_LOOP=1")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "the child ran to the end: %s", out)
	assert.Contains(t, string(out),
		"coro: OS thread locking must match locking at coroutine creation")
}
