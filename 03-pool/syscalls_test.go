package main

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/caller"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// README: "one receptionist, a fixed staff". Under strace -f, two
// workers and six callers at once: one thread makes every accept, at
// most two others pick up, look up and answer, and the receptionist
// never answers a call herself.
func TestOneThreadAcceptsAndAtMostWorkersThreadsAnswer(t *testing.T) {
	needsTheSolutions(t)
	const workers, n = 2, 6
	srv := phonetest.StartTracedHere(t, "accept4,write,nanosleep",
		"-workers", fmt.Sprint(workers), "-lookup", "100ms")
	r := phonetest.Callers(t, caller.Fleet{Addr: srv.Addr, N: n})
	require.Equal(t, n, r.Summary().Answered, "%+v", r.Summary())
	out := srv.Finish(t)
	threads := func(re *regexp.Regexp) map[string]int {
		return phonetest.Threads(out, re)
	}
	accepting := threads(
		regexp.MustCompile(`accept4(\(| resumed>).* = \d+$`))
	greeting := threads(regexp.MustCompile(`write\(\d+, "operator: who`))
	lookup := threads(regexp.MustCompile(
		`nanosleep\(\{tv_sec=0, tv_nsec=100000000\}`))

	require.Len(t, accepting, 1, "one thread accepts\n%s", out)
	assert.Equal(t, n, sum(accepting), "every call accepted")
	assert.Equal(t, n, sum(greeting), "every call picked up")
	assert.LessOrEqual(t, len(greeting), workers,
		"at most %d threads pick up\n%s", workers, out)
	for tid := range accepting {
		assert.NotContains(t, greeting, tid, "the acceptor picks up")
		assert.NotContains(t, lookup, tid, "the acceptor looks up")
	}
	for tid := range lookup {
		assert.Contains(t, greeting, tid,
			"the thread that picks up looks the number up")
	}
}

func sum(counts map[string]int) int {
	total := 0
	for _, n := range counts {
		total += n
	}
	return total
}
