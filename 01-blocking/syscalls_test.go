package main

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/phone"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// README: "one thread does everything". Under strace -f, two calls:
// every accept, greeting, lookup and answer comes from one thread id.
func TestOneThreadAnswersEveryCall(t *testing.T) {
	needsTheExercises(t)
	srv := phonetest.StartTracedHere(t,
		"accept4,read,write,nanosleep,close", "-lookup", "100ms")
	for _, name := range []string{"alice", "bob"} {
		require.Equal(t, phone.Answer(name), phonetest.Ask(t, srv.Addr, name))
	}
	trace := srv.Finish(t)

	steps := map[string]*regexp.Regexp{
		"accept":   regexp.MustCompile(`accept4(\(| resumed>).* = \d+$`),
		"greeting": regexp.MustCompile(`write\(\d+, "operator: who`),
		"lookup": regexp.MustCompile(
			`nanosleep\(\{tv_sec=0, tv_nsec=100000000\}`),
		"answer": regexp.MustCompile(`write\(\d+, "(alice|bob): 555-`),
	}
	seen, threads := phonetest.Steps(trace, steps)
	for step, n := range seen {
		assert.Equal(t, 2, n, "%s: one per call\n%s", step, trace)
	}
	assert.Len(t, threads, 1, "one thread id for every step\n%s", trace)
}
