package main

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Exercise 1 (thread.go): onItsOwnThread gives f a thread that waits
// with it, even where the runtime would park a goroutine (here, on a
// channel), and the thread ends when f does.
func TestExercise1EachCallHasAThreadThatEndsWithIt(t *testing.T) {
	const n = 20
	before := readStatus().threads
	release := make(chan struct{})
	var started, done sync.WaitGroup
	started.Add(n)
	done.Add(n)
	for range n {
		onItsOwnThread(func() {
			defer done.Done()
			started.Done()
			<-release
		})
	}
	started.Wait()
	waiting := readStatus().threads
	// The runtime may have had a spare thread or two to lend.
	assert.GreaterOrEqual(t, waiting, before+n*3/4,
		"%d calls waiting: %d threads, %d before", n, waiting, before)

	close(release)
	done.Wait()
	after := readStatus().threads
	for deadline := time.Now().Add(2 * time.Second); after > before+n/4 &&
		time.Now().Before(deadline); after = readStatus().threads {
		time.Sleep(10 * time.Millisecond)
	}
	assert.LessOrEqual(t, after, before+n/4,
		"the threads end with their calls: %d before, %d waiting, "+
			"%d after", before, waiting, after)
}

// Exercise 2 (switchboard.go): the switchboard counts calls up to its
// limit, and closing time waits for the last one, but not forever.
func TestExercise2TheSwitchboardCountsCallsUpToItsLimit(t *testing.T) {
	s := newSwitchboard(3)
	for i := range 3 {
		require.True(t, s.pickUp(), "call %d of 3 gets a line", i+1)
	}
	assert.False(t, s.pickUp(), "a fourth call hears busy")
	s.hangUp()
	assert.True(t, s.pickUp(), "a line came free")
	assert.False(t, s.pickUp(), "and is taken again")

	start := time.Now()
	assert.False(t, s.waitQuiet(200*time.Millisecond),
		"three calls still on the line")
	assert.GreaterOrEqual(t, time.Since(start), 150*time.Millisecond,
		"waits for them, up to the grace")

	go func() {
		for range 3 {
			time.Sleep(50 * time.Millisecond)
			s.hangUp()
		}
	}()
	start = time.Now()
	assert.True(t, s.waitQuiet(10*time.Second), "all three hung up")
	assert.Less(t, time.Since(start), 5*time.Second,
		"and it went home as soon as they did")
}
