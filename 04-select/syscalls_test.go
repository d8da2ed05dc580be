package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/workshop/caller"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// README: "one thread does everything, and never blocks but to wait".
// Under strace -f, five callers at once: every accept, greeting,
// question read, answer and wait (select or poll) comes from one
// thread id; every call's socket is accepted non-blocking; and that
// thread never sleeps in nanosleep: the lookups are timers.
func TestOneThreadMakesEveryCallAndOnlyTheWaitBlocks(t *testing.T) {
	needsExercises(t)
	const callers = 5
	waits := map[string]string{"select": `p?select6?\(`, "poll": `p?poll\(`}
	for _, poller := range switchboard.Backends {
		t.Run(poller, func(t *testing.T) {
			srv := phonetest.StartTracedHere(t,
				"accept4,read,write,pselect6,ppoll,nanosleep,close",
				"-poller", poller, "-lookup", "200ms")
			var wg sync.WaitGroup
			for i := range callers {
				wg.Go(func() {
					ctx, cancel := context.WithTimeout(
						context.Background(), 10*time.Second)
					defer cancel()
					c := caller.Dial(ctx, srv.Addr, fmt.Sprint("caller ", i))
					assert.NoError(t, c.Err)
				})
			}
			wg.Wait()
			trace := phonetest.JoinResumed(srv.Finish(t))

			steps := map[string]*regexp.Regexp{
				"accept": regexp.MustCompile(
					`accept4\(.*SOCK_NONBLOCK.*\)\s+= \d+$`),
				"greeting": regexp.MustCompile(`write\(\d+, "operator: who`),
				"question": regexp.MustCompile(`read\(\d+, "caller \d\\n"`),
				"answer":   regexp.MustCompile(`write\(\d+, "caller \d: 555-`),
			}
			seen, threads := phonetest.Steps(trace, steps)
			for step, n := range seen {
				assert.Equal(t, callers, n, "%s: one per call\n%s", step,
					trace)
			}
			require.Len(t, threads, 1, "one thread for every step\n%s",
				trace)
			var loop string
			for tid := range threads {
				loop = tid
			}
			waited := phonetest.Threads(trace,
				regexp.MustCompile(waits[poller]))
			assert.Greater(t, waited[loop], 0,
				"the loop waits in %s\n%s", poller, trace)
			// Before it locked itself to the loop, the thread ran Go's
			// scheduler, which naps in nanosleep: look from the first
			// pick-up on.
			_, since, found := strings.Cut(trace, " accept4(")
			require.True(t, found, "the loop accepts")
			assert.Zero(t, phonetest.Threads(since,
				regexp.MustCompile(`nanosleep\(`))[loop],
				"the loop never sleeps: a lookup is a timer\n%s", trace)
		})
	}
}

// README: "every line is non-blocking". While a caller is on hold,
// every socket the server has open, and its wake-up eventfd, has
// O_NONBLOCK.
func TestEveryLineIsNonBlocking(t *testing.T) {
	needsExercises(t)
	srv := phonetest.StartHere(t, "-lookup", "2s")
	require.Len(t, phonetest.HoldOn(t, srv.Addr, 1), 1, "picked up, asked")
	time.Sleep(100 * time.Millisecond) // heard: on hold

	lines := map[string]int{}
	for _, f := range srv.Files(t) {
		kind := ""
		switch {
		case strings.HasPrefix(f.Link, "socket:"):
			kind = "socket"
		case strings.Contains(f.Link, "eventfd"):
			kind = "eventfd"
		default:
			continue
		}
		lines[kind]++
		assert.NotZero(t, f.Flags&unix.O_NONBLOCK, "fd %d (%s) blocks",
			f.FD, f.Link)
	}
	assert.Equal(t, 2, lines["socket"], "the phone line, the call on hold")
	// Go's runtime may hold an eventfd of its own (its netpoller's),
	// non-blocking too.
	assert.GreaterOrEqual(t, lines["eventfd"], 1, "the wake-up line")
}
