package main

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/phone"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// README: "each call is answered on a thread of its own, which exits
// with it". Under strace -f, three calls one after another: three
// threads pick up, none of them the one that accepts, and the threads
// of the first two calls have exited by the time the third is over.
func TestEachCallIsAnsweredOnAThreadThatExitsWithIt(t *testing.T) {
	needsTheSolutions(t)
	srv := phonetest.StartTracedHere(t, "accept4,write,exit",
		"-lookup", "100ms")
	for _, name := range []string{"alice", "bob", "carol"} {
		require.Equal(t, phone.Answer(name), phonetest.Ask(t, srv.Addr, name))
	}
	trace := srv.Finish(t)
	threads := func(re string) map[string]int {
		return phonetest.Threads(trace, regexp.MustCompile(re))
	}
	accepting := threads(`accept4(\(| resumed>).* = \d+$`)
	greeting := threads(`write\(\d+, "operator: who`)
	answeredFirst := threads(`write\(\d+, "(alice|bob): 555-`)
	exited := threads(`\bexit\(0`) // "exit(0)", or "exit(0 <unfinished"

	require.Len(t, accepting, 1, "one thread accepts\n%s", trace)
	assert.Len(t, greeting, 3, "a thread per call\n%s", trace)
	for tid := range greeting {
		assert.NotContains(t, accepting, tid, "the acceptor picks up")
	}
	assert.Len(t, answeredFirst, 2, "alice and bob, each on its own")
	for tid := range answeredFirst {
		assert.Contains(t, exited, tid,
			"the thread of a call that is over exits\n%s", trace)
	}
}
