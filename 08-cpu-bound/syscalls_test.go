package main

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/phone"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// README: "a clerk never touches the caller's socket: it wakes the
// loop, and the loop answers". Under strace -f, six callers ask the
// offload server one after another. One thread accepts, reads and
// writes every call; the clerks' only writes are the 8 bytes that ring
// the loop's eventfd.
func TestClerksRingTheLoopAndOnlyTheLoopTalksToCallers(t *testing.T) {
	needsExercises(t)
	const callers = 6
	srv := phonetest.StartTracedHere(t, "accept4,read,write,epoll_pwait",
		"-strategy", "offload", "-n", "2", "-lookup", "0s",
		"-work", "20ms", pages(20e6))
	for i := range callers {
		name := fmt.Sprint("asker ", i)
		require.Equal(t, phone.Answer(name), phonetest.Ask(t, srv.Addr, name))
	}
	trace := phonetest.JoinResumed(srv.Finish(t))

	loops := phonetest.Threads(trace,
		regexp.MustCompile(`accept4\(.*SOCK_NONBLOCK.*\) = \d+$`))
	require.Len(t, loops, 1, "one thread picks up every call")
	var loop string
	for tid := range loops {
		loop = tid
	}
	talk := phonetest.Threads(trace,
		regexp.MustCompile(`(read|write)\(\d+, "(asker|operator)`))
	assert.Equal(t, map[string]int{loop: 3 * callers}, talk,
		"who greets, hears and answers the callers")
	rings := phonetest.Threads(trace,
		regexp.MustCompile(`write\(\d+, "\\1\\0\\0\\0\\0\\0\\0\\0", 8\)\s+= 8`))
	// Not stdout's start-up line: any other write.
	writes := phonetest.Threads(trace,
		regexp.MustCompile(`write\(([3-9]|\d\d+),`))
	var clerkRings int
	for tid, n := range writes {
		if tid == loop {
			continue
		}
		assert.Equal(t, rings[tid], n,
			"thread %s writes something other than the eventfd's ring", tid)
		clerkRings += rings[tid]
	}
	assert.Positive(t, clerkRings, "the clerks ring the loop's eventfd")
}
