package switchboard

import (
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// running starts a loop on p and returns it; it is closed, and Run must
// have returned, when the test ends.
func running(t *testing.T, p Poller) *Loop {
	t.Helper()
	l, err := NewLoop(p)
	require.NoError(t, err)
	ran := make(chan error, 1)
	go func() { ran <- l.Run() }()
	t.Cleanup(func() {
		l.Close()
		select {
		case err := <-ran:
			assert.NoError(t, err)
		case <-time.After(5 * time.Second):
			t.Error("Run did not return after Close")
		}
	})
	return l
}

// on runs f on the loop's thread and waits for it.
func on(t *testing.T, l *Loop, f func()) {
	t.Helper()
	done := make(chan struct{})
	require.True(t, l.Post(func() { f(); close(done) }))
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("a posted func did not run")
	}
}

// 100,000 funcs posted from four goroutines all run, on the loop's
// thread, each goroutine's in the order it posted them; and the posts
// that came while the loop was busy rang its eventfd once between
// them, so there are far fewer eventfd writes than posts.
func TestPostedFuncsRunOnTheLoopsThreadInOrderAndShareWakeUps(t *testing.T) {
	needsExercises(t)
	const posters, each = 4, 25_000
	l := running(t, NewSelect())
	var (
		next    [posters]int // the loop's thread alone touches it
		threads = map[int]int{}
		wrong   atomic.Int64
		all     sync.WaitGroup
	)
	all.Add(posters * each)
	var posting sync.WaitGroup
	for p := range posters {
		posting.Go(func() {
			for i := range each {
				assert.True(t, l.Post(func() {
					if next[p] != i {
						wrong.Add(1)
					}
					next[p] = i + 1
					threads[unix.Gettid()]++
					all.Done()
				}))
			}
		})
	}
	posting.Wait()
	waited := make(chan struct{})
	go func() { all.Wait(); close(waited) }()
	select {
	case <-waited:
	case <-time.After(20 * time.Second):
		t.Fatal("not every posted func ran")
	}
	assert.Zero(t, wrong.Load(), "funcs out of their poster's order")
	on(t, l, func() {
		assert.Equal(t, map[int]int{l.Thread(): posters * each}, threads)
	})
	l.mu.Lock()
	rings := l.rings
	l.mu.Unlock()
	t.Logf("%d posts rang the eventfd %d times", posters*each, rings)
	assert.Less(t, rings, posters*each/10, "eventfd writes")
}

// Post says false once the loop is closed, and the func never runs;
// funcs posted before Close run before Run returns.
func TestPostAfterCloseSaysFalseAndWhatCameBeforeRuns(t *testing.T) {
	needsExercises(t)
	l, err := NewLoop(NewSelect())
	require.NoError(t, err)
	ran := make(chan error, 1)
	go func() { ran <- l.Run() }()
	on(t, l, func() {}) // Run runs: closed before, it would drop all
	var before, after atomic.Bool
	gate := make(chan struct{})
	require.True(t, l.Post(func() { <-gate }))
	require.True(t, l.Post(func() { before.Store(true) }))
	l.Close()
	assert.False(t, l.Post(func() { after.Store(true) }))
	close(gate)
	select {
	case err := <-ran:
		require.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after Close")
	}
	assert.True(t, before.Load(), "posted before Close, never ran")
	assert.False(t, after.Load(), "posted after Close, and ran")
}

// A handler set with Watch runs, on the loop's thread, when its fd is
// ready; after Forget it never runs again, not even for what is still
// waiting to be read.
func TestAWatchedHandlerRunsWhenReadyAndNeverAfterForget(t *testing.T) {
	needsExercises(t)
	for _, name := range Backends {
		t.Run(name, func(t *testing.T) {
			p, err := NewPoller(name)
			require.NoError(t, err)
			l := running(t, p)
			op, caller := phonetest.SocketPair(t, unix.SOCK_NONBLOCK)
			heard := make(chan int, 16)
			on(t, l, func() {
				require.NoError(t, l.Watch(op, Readable, func(Interest) {
					heard <- unix.Gettid()
					readSome(op)
				}))
			})
			unix.Write(caller, []byte("alice\n"))
			select {
			case tid := <-heard:
				assert.Equal(t, l.Thread(), tid, "the handler's thread")
			case <-time.After(5 * time.Second):
				t.Fatal("the handler did not run for a readable fd")
			}
			on(t, l, func() { require.NoError(t, l.Forget(op)) })
			unix.Write(caller, []byte("bob\n"))
			time.Sleep(100 * time.Millisecond)
			on(t, l, func() {}) // a turn of the loop after the write
			assert.Empty(t, heard, "the handler ran after Forget")

			// Two lines ready in one wait, each handler forgetting
			// the other: whichever runs first, the other never does,
			// though its event is in the batch.
			a, aCaller := phonetest.SocketPair(t, unix.SOCK_NONBLOCK)
			b, bCaller := phonetest.SocketPair(t, unix.SOCK_NONBLOCK)
			var ran atomic.Int32
			on(t, l, func() {
				unix.Write(aCaller, []byte("x"))
				unix.Write(bCaller, []byte("x"))
				l.Watch(a, Readable, func(Interest) {
					ran.Add(1)
					l.Forget(a)
					l.Forget(b)
				})
				l.Watch(b, Readable, func(Interest) {
					ran.Add(1)
					l.Forget(a)
					l.Forget(b)
				})
			})
			time.Sleep(100 * time.Millisecond)
			on(t, l, func() {})
			assert.Equal(t, int32(1), ran.Load(),
				"handlers run: one forgot the other in the same batch")
		})
	}
}

// A timer set from inside a handler fires; a stopped timer never does.
func TestATimerSetInAHandlerFiresAndAStoppedOneNever(t *testing.T) {
	needsExercises(t)
	l := running(t, NewPoll())
	op, caller := phonetest.SocketPair(t, unix.SOCK_NONBLOCK)
	fired := make(chan string, 4)
	on(t, l, func() {
		require.NoError(t, l.Watch(op, Readable, func(Interest) {
			readSome(op)
			stopped := l.After(20*time.Millisecond,
				func() { fired <- "stopped" })
			l.After(50*time.Millisecond, func() { fired <- "kept" })
			assert.True(t, l.Stop(stopped))
			assert.False(t, l.Stop(stopped), "stopped twice")
		}))
	})
	unix.Write(caller, []byte("x"))
	select {
	case which := <-fired:
		assert.Equal(t, "kept", which)
	case <-time.After(5 * time.Second):
		t.Fatal("the timer set in a handler never fired")
	}
	time.Sleep(100 * time.Millisecond)
	assert.Empty(t, fired)
}

// A Timer kept in a struct of its own, as each call keeps its clock,
// is not armed until Reset: stopping it stops nothing, not even the
// timer first in line, whose place in the heap is the zero Timer's.
// Reset arms it, Reset again moves it (it fires once, at the new
// time), and Stop stops it.
func TestAKeptTimerIsArmedByResetAndMovedByItAgain(t *testing.T) {
	needsExercises(t) // Fire is exercise 2's
	var ts Timers
	now := time.Now()
	var fired []string
	ts.At(now.Add(time.Second), func() { fired = append(fired, "first") })
	var kept Timer
	assert.False(t, ts.Stop(&kept), "a zero Timer stopped")
	assert.Equal(t, 1, ts.Len(), "stopping a zero Timer took another")

	ts.Set(&kept, now.Add(3*time.Second), func() {
		fired = append(fired, "kept")
	})
	ts.Set(&kept, now.Add(2*time.Second), func() {
		fired = append(fired, "kept, moved")
	})
	assert.Equal(t, 2, ts.Len(), "moving a timer added a second")
	ts.Fire(now.Add(5 * time.Second))
	assert.Equal(t, []string{"first", "kept, moved"}, fired)

	ts.Set(&kept, now, func() { fired = append(fired, "stopped") })
	assert.True(t, ts.Stop(&kept))
	assert.Zero(t, ts.Fire(now.Add(time.Hour)))
	assert.False(t, ts.Stop(&kept), "stopped twice")
}

// Nothing the loop calls runs inside the call that set it up: a func
// posted, a timer of 0, a handler for an fd already ready all run
// after the func that set them up has returned, one at a time.
func TestNothingRunsInsideTheCallThatSetItUp(t *testing.T) {
	needsExercises(t)
	l := running(t, NewPoll())
	op, caller := phonetest.SocketPair(t, unix.SOCK_NONBLOCK)
	unix.Write(caller, []byte("ready already\n"))
	var inside, running atomic.Bool
	var order []string
	ran := make(chan struct{}, 3)
	note := func(what string) {
		assert.False(t, inside.Load(), "%s ran inside its setter", what)
		assert.False(t, running.Swap(true), "%s ran inside another", what)
		order = append(order, what)
		running.Store(false)
		ran <- struct{}{}
	}
	on(t, l, func() {
		inside.Store(true)
		l.Post(func() { note("posted") })
		l.After(0, func() { note("timer") })
		require.NoError(t, l.Watch(op, Readable, func(Interest) {
			l.Forget(op)
			note("handler")
		}))
		inside.Store(false)
	})
	for range 3 {
		select {
		case <-ran:
		case <-time.After(5 * time.Second):
			t.Fatalf("ran only %v", order)
		}
	}
	assert.ElementsMatch(t, []string{"posted", "timer", "handler"}, order)
}

// Close and Post after Run has returned write to no fd. The eventfd's
// number is free by then, and the next file opened may get it: here a
// file made to take it stays empty.
func TestCloseAfterRunReturnedWritesNothing(t *testing.T) {
	needsExercises(t)
	line, _, err := blocking.Listen("127.0.0.1:0", 8)
	require.NoError(t, err)
	sb, err := New(line, Options{Lookup: time.Millisecond,
		Idle: time.Second, Poller: NewSelect()})
	require.NoError(t, err)
	wakeFd := sb.loop.wake.Fd()
	served := make(chan error, 1)
	go func() { served <- sb.Serve() }()
	sb.StopPickingUp()
	select {
	case err := <-served:
		require.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return")
	}

	_, err = unix.FcntlInt(uintptr(wakeFd), unix.F_GETFD, 0)
	require.ErrorIs(t, err, unix.EBADF, "the eventfd is still open")
	path := filepath.Join(t.TempDir(), "heir")
	f, err := os.Create(path)
	require.NoError(t, err)
	defer f.Close()
	require.NoError(t, unix.Dup3(int(f.Fd()), wakeFd, unix.O_CLOEXEC))
	defer unix.Close(wakeFd)

	sb.Close()
	sb.StopPickingUp()
	assert.False(t, sb.loop.Post(func() {}))
	sb.loop.Close()
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Zero(t, info.Size(), "a write to the eventfd's old number")
}

// A Loop closed before it runs releases its eventfd and Poller at
// once, and Run then returns at once.
func TestALoopClosedBeforeItRunsReleasesWhatItHolds(t *testing.T) {
	rec := &recorder{Poller: NewSelect()}
	l, err := NewLoop(rec)
	require.NoError(t, err)
	wakeFd := l.wake.Fd()
	l.Close()
	_, err = unix.FcntlInt(uintptr(wakeFd), unix.F_GETFD, 0)
	assert.ErrorIs(t, err, unix.EBADF, "the eventfd is still open")
	assert.Equal(t, 1, rec.closed, "the Poller was not closed")
	assert.NoError(t, l.Run())
	assert.Equal(t, 1, rec.closed, "the Poller was closed twice")
}

// A loop that never waits still lets Go's scheduler run, every
// yieldEvery: Go's monitor thread (sysmon) never finds it on one time
// slice for 10 ms, so it never preempts it, nor, with one P, takes the
// P away in its next system call. Sysmon preempts with a signal,
// SIGURG, and signal.Notify hears the runtime's SIGURGs too: the test
// counts them while the loop runs flat out for half a second, on the
// test's goroutine, with nothing else in the process running: 0 to 2
// times in 20 runs beside two busy loops. A loop that never yields is
// preempted every 10 to 30 ms: 15 to 29 times in 15 runs, busy or not.
func TestABusyLoopYieldsBeforeGoPreemptsIt(t *testing.T) {
	needsExercises(t)
	urgent := make(chan os.Signal, 1000)
	signal.Notify(urgent, syscall.SIGURG)
	defer signal.Stop(urgent)
	l, err := NewLoop(NewSelect())
	require.NoError(t, err)
	var turns int
	var again func()
	again = func() { turns++; l.Post(again) } // each turn posts the next
	l.Post(again)
	l.After(500*time.Millisecond, l.Close)
	start := time.Now()
	require.NoError(t, l.Run())
	took := time.Since(start)
	preempted := len(urgent)
	t.Logf("%d turns in %v, preempted %d times", turns,
		took.Round(time.Millisecond), preempted)
	assert.LessOrEqual(t, preempted, 7, "SIGURGs: does the loop yield?")
}
