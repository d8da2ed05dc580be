package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/phone"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// README: "every call's system calls, one thread". Under strace -f,
// 100 silent callers hold the line, and five callers ask, one after
// another. One thread accepts every call, non-blocking; the same thread
// dials the records room for each question (a connect that says
// EINPROGRESS: the coroutine parks until the socket is writable),
// reads, writes and closes every call's socket, and waits in
// epoll_pwait. No call's read or write is made by another thread.
func TestEveryCallIsOneThreadsNonBlockingSyscalls(t *testing.T) {
	needsExercises(t)
	const held, normal = 100, 5
	srv := phonetest.StartTracedHere(t,
		"accept4,connect,read,write,close,epoll_pwait",
		"-lookup", "50ms", "-idle", "60s")
	conns, heard := phonetest.RingSilently(t, srv.Addr, held, 10e9)
	require.Equal(t, held, heard[phone.Greeting], "%v", heard)
	for i := range normal {
		name := fmt.Sprint("normal ", i)
		require.Equal(t, phone.Answer(name), phonetest.Ask(t, srv.Addr, name))
	}
	phonetest.HangUp(conns)
	trace := phonetest.JoinResumed(srv.Finish(t))

	accepted := regexp.MustCompile(`accept4\(.*SOCK_NONBLOCK.*\) = \d+$`)
	loops := phonetest.Threads(trace, accepted)
	require.Len(t, loops, 1, "one thread picks up every call")
	var loop string
	for tid := range loops {
		loop = tid
	}
	// The records room is on the loop too: it accepts its own calls.
	assert.GreaterOrEqual(t, loops[loop], held+2*normal,
		"a pick-up each, the records room's too")
	dials := phonetest.Threads(trace,
		regexp.MustCompile(`connect\(.*EINPROGRESS`))
	assert.Equal(t, map[string]int{loop: normal}, dials,
		"the loop's thread dials the records room, once a question")
	calls := phonetest.Threads(trace,
		regexp.MustCompile(`(read|write)\(\d+, "(normal|operator)`))
	assert.Equal(t, []string{loop}, keys(calls),
		"who reads and writes the calls")
	excerpt := []string{}
	for line := range strings.Lines(trace) {
		if strings.Contains(line, "normal 0") ||
			strings.Contains(line, "EINPROGRESS") {
			excerpt = append(excerpt, strings.TrimSpace(line))
		}
	}
	t.Logf("excerpt:\n%s", strings.Join(excerpt, "\n"))
}

func keys(m map[string]int) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
