package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/phone"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// README: "only the lines that ring light up". Under strace -f, 200
// silent callers hold the line; then five callers, one after another,
// ask and are answered. While the 200 are held, every epoll_wait of
// the loop hands over at most two lines. Every call's socket is
// accepted non-blocking; the loop never calls select or poll; and no
// call ever costs an EPOLL_CTL_MOD or arms EPOLLOUT: each answer fits
// the socket's buffer, so nothing waits to be written.
func TestOnlyTheRingingLinesLightUp(t *testing.T) {
	needsExercises(t)
	const held, normal = 200, 5
	srv := phonetest.StartTracedHere(t,
		"epoll_create1,epoll_ctl,epoll_pwait,accept4,read,write,close,"+
			"select,pselect6,poll,ppoll",
		"-lookup", "50ms", "-idle", "60s")
	conns, heard := phonetest.RingSilently(t, srv.Addr, held, 10e9)
	require.Equal(t, held, heard[phone.Greeting], "%v", heard)
	for i := range normal {
		name := fmt.Sprint("normal ", i)
		require.Equal(t, phone.Answer(name), phonetest.Ask(t, srv.Addr, name))
	}
	phonetest.HangUp(conns)
	trace := phonetest.JoinResumed(srv.Finish(t))

	assert.Contains(t, trace, "epoll_create1(EPOLL_CLOEXEC)")
	accepted := regexp.MustCompile(`accept4\(.*\)\s+= \d+$`)
	loops := phonetest.Threads(trace, accepted)
	require.Len(t, loops, 1, "one thread picks up every call")
	var loop string
	for tid, n := range loops {
		loop = tid
		assert.Equal(t, held+normal, n, "a pick-up each")
	}
	for line := range strings.Lines(trace) {
		if accepted.MatchString(line) {
			assert.Contains(t, line, "SOCK_NONBLOCK", "a blocking call")
		}
	}
	assert.Zero(t, phonetest.Threads(trace,
		regexp.MustCompile(`\b(p?select6?|p?poll)\(`))[loop],
		"the loop waits with epoll alone")
	assert.NotContains(t, trace, "EPOLL_CTL_MOD", "a MOD was made")
	assert.NotContains(t, trace, "EPOLLOUT", "EPOLLOUT was armed")

	// The loop's waits (512 lines at most: the runtime's own epoll
	// asks for 128) from the first normal question to the last answer.
	wait := regexp.MustCompile(`epoll_pwait.*, 512, -?\d+, .*\) = (\d+)`)
	from := strings.Index(trace, `"normal 0\n"`)
	to := strings.Index(trace, fmt.Sprintf(`"normal %d: 555-`, normal-1))
	require.True(t, from > 0 && to > from, "the normal calls are traced")
	waits, most := 0, 0
	for line := range strings.Lines(trace[from:to]) {
		m := wait.FindStringSubmatch(line)
		if m == nil || !strings.HasPrefix(line, loop+" ") {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		waits, most = waits+1, max(most, n)
	}
	t.Logf("with %d calls held, %d waits of the loop handed over at "+
		"most %d lines each", held, waits, most)
	assert.GreaterOrEqual(t, waits, normal, "a wait at least per call")
	assert.LessOrEqual(t, most, 2, "lines handed over by one wait")
}
