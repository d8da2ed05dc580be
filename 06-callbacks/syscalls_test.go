package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/phone"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// README: "the call to the records room is a non-blocking connect on
// the loop's thread". Under strace -f, three callers ask in turn. One
// thread makes every accept4, socket, connect and getsockopt; each
// records-room socket is made SOCK_NONBLOCK, its connect says
// EINPROGRESS (it returns at once), and SO_ERROR is read once the
// socket turns writable, once a call; and the loop never sleeps in
// select or poll: epoll alone.
func TestTheRecordsRoomCallIsANonBlockingConnectOnTheLoopsThread(t *testing.T) {
	needsExercises(t)
	const calls = 3
	srv := phonetest.StartTracedHere(t,
		"accept4,socket,connect,getsockopt,epoll_pwait,read,write,close,"+
			"select,pselect6,poll,ppoll",
		"-lookup", "50ms")
	for _, name := range []string{"alice", "bob", "Grace Hopper"}[:calls] {
		require.Equal(t, phone.Answer(name), phonetest.Ask(t, srv.Addr, name))
	}
	trace := phonetest.JoinResumed(srv.Finish(t))

	threads := func(re string) map[string]int {
		return phonetest.Threads(trace, regexp.MustCompile(re))
	}
	// The operator's and the records room's pick-ups: two a call.
	accepts := threads(`accept4\(.*\)\s+= \d+$`)
	require.Len(t, accepts, 1, "one thread picks up every call: %v", accepts)
	var loop string
	for tid, n := range accepts {
		loop = tid
		assert.Equal(t, 2*calls, n, "the operator's and the room's pick-ups")
	}
	dials := threads(`socket\(AF_INET, SOCK_STREAM\|SOCK_CLOEXEC\|SOCK_NONBLOCK`)
	assert.Equal(t, map[string]int{loop: calls}, dials,
		"a non-blocking socket a call, made on the loop's thread")
	assert.Equal(t, map[string]int{loop: calls},
		threads(`connect\(.*\)\s+= -1 EINPROGRESS`),
		"every connect returns at once, on the loop's thread")
	assert.Equal(t, map[string]int{loop: calls},
		threads(`getsockopt\(.*SO_ERROR, \[0\]`),
		"SO_ERROR read once a call, and it says connected")
	assert.Zero(t, threads(`\b(p?select6?|p?poll)\(`)[loop],
		"the loop waits in epoll alone")
	accepted := regexp.MustCompile(`accept4\(.*\)\s+= \d+$`)
	for line := range strings.Lines(trace) {
		if accepted.MatchString(strings.TrimSpace(line)) {
			assert.Contains(t, line, "SOCK_NONBLOCK", "a blocking call")
		}
	}
}
