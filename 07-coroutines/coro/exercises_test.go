package coro

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"golang.org/x/sys/unix"
)

// Exercise 1 (sleep.go): Sleep parks the coroutine for its time, no
// less, and the loop serves everyone else meanwhile: three coroutines
// that each sleep 300 ms at once are all awake in well under the 900
// ms they would take one after another. Each is resumed by the loop,
// on its thread; one that Stop ends in its sleep hears ErrEnded.
func TestExercise1SleepParksAndTheLoopServesOthers(t *testing.T) {
	const nap, sleepers = 300 * time.Millisecond, 3
	s := running(t)
	slept := make(chan time.Duration, sleepers)
	start := time.Now()
	for range sleepers {
		s.Go(func(co *Co) {
			began := time.Now()
			if assert.NoError(t, co.Sleep(nap)) {
				slept <- time.Since(began)
			}
		})
	}
	for range sleepers {
		d := within(t, 5*time.Second, slept, "a sleeper wakes (resumed "+
			"by the loop? "+errString(s.Misused())+")")
		assert.GreaterOrEqual(t, d, nap, "woke early")
	}
	assert.Less(t, time.Since(start), 2*nap,
		"three sleeps took as long as one after another: "+
			"did Sleep block the loop's thread?")
	assert.NoError(t, s.Misused())

	// Ended in its sleep.
	cos := make(chan *Co, 1)
	ended := make(chan error, 1)
	s.Go(func(co *Co) {
		cos <- co
		ended <- co.Sleep(time.Hour)
	})
	co := within(t, 5*time.Second, cos, "it starts")
	onLoop(t, s, func() { s.Stop(co) })
	assert.ErrorIs(t, within(t, 5*time.Second, ended, "Stop ends it"),
		ErrEnded)
}

// Exercise 2 (read.go): Read parks until the caller speaks, hangs up
// (0 bytes) or the deadline passes (ErrTimeout), and the loop serves
// others meanwhile. It never spins, and never parks where nothing will
// resume it.
func TestExercise2ReadParksUntilTheCallerSpeaksHangsUpOrTheDeadline(t *testing.T) {
	s := running(t)
	type result struct {
		said string
		err  error
		took time.Duration
	}
	read := func(fd int, wait time.Duration) <-chan result {
		out := make(chan result, 1)
		s.Go(func(co *Co) {
			began := time.Now()
			buf := make([]byte, 64)
			n, err := co.Read(fd, buf, began.Add(wait))
			out <- result{string(buf[:n]), err, time.Since(began)}
		})
		return out
	}

	// Speaks once another coroutine has ticked five times: heard,
	// long before the deadline.
	op, caller := socketPair(t)
	got := read(op, 5*time.Second)
	ticks := make(chan int, 1)
	s.Go(func(co *Co) { // runs while the reader is parked
		n := 0
		for range 5 {
			co.Sleep(10 * time.Millisecond)
			n++
		}
		ticks <- n
	})
	assert.Equal(t, 5, within(t, 3*time.Second, ticks,
		"another coroutine runs while the reader waits (spinning?)"))
	unix.Write(caller, []byte("alice\n"))
	r := within(t, 3*time.Second, got, "the reader hears the caller "+
		"(resumed when the fd is readable?)")
	assert.NoError(t, r.err)
	assert.Equal(t, "alice\n", r.said)

	// Hangs up: 0 bytes, no error.
	op, caller = socketPair(t)
	got = read(op, 5*time.Second)
	time.Sleep(50 * time.Millisecond)
	unix.Close(caller)
	r = within(t, 3*time.Second, got, "the reader hears the hang-up")
	assert.NoError(t, r.err)
	assert.Equal(t, "", r.said)

	// Says nothing: ErrTimeout at the deadline, not before.
	op, _ = socketPair(t)
	r = within(t, 3*time.Second, read(op, 300*time.Millisecond),
		"the deadline ends the read")
	assert.ErrorIs(t, r.err, ErrTimeout)
	assert.GreaterOrEqual(t, r.took, 300*time.Millisecond)
	assert.NoError(t, s.Misused())
}

func errString(err error) string {
	if err == nil {
		return "no misuse noted"
	}
	return err.Error()
}
