package phonetest_test

import (
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/caller"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// The reference operator holds every caller at once (a goroutine a
// call), so HoldAtOnce must see them all on hold together, all answered
// one lookup after the start and not before, and the operator's
// threads: the runtime's few, its main thread among them.
func TestHoldAtOnceMeasuresCallersHeldTogether(t *testing.T) {
	const callers, lookup = 100, time.Second
	srv := phonetest.Start(t, phonetest.Build(t, operator),
		"-addr", "127.0.0.1:0", "-lookup", lookup.String())
	told := 0
	h := phonetest.HoldAtOnce(t, srv, caller.Fleet{Addr: srv.Addr,
		N: callers, Progress: func(caller.Progress) { told++ }})
	t.Logf("%d callers: took %v, at most %d on hold, %d threads",
		callers, h.Took, h.MostOnHold, h.Threads)

	assert.Len(t, h.Report.Calls, callers)
	assert.GreaterOrEqual(t, h.Took, lookup, "the last answer, after "+
		"a lookup on hold")
	assert.Less(t, h.Took, 3*lookup, "all held at once: one lookup")
	assert.GreaterOrEqual(t, h.MostOnHold, callers*9/10,
		"(nearly) all on hold at once")
	assert.LessOrEqual(t, h.MostOnHold, callers)
	assert.GreaterOrEqual(t, h.Threads, srv.Threads(t),
		"every thread it has now, at least")
	assert.Positive(t, told, "the fleet's own Progress is still told")
}

// Callers HoldOn dialled have asked: with -idle 300ms a caller who had
// not would hear "too slow" by now, and one on hold for a 60 s lookup
// hears nothing. The server holds a call, an fd, for each.
func TestHoldOnLeavesEveryCallerOnHold(t *testing.T) {
	const callers, idle = 20, 300 * time.Millisecond
	srv := phonetest.Start(t, phonetest.Build(t, operator),
		"-addr", "127.0.0.1:0", "-lookup", "60s", "-idle", idle.String())
	conns := phonetest.HoldOn(t, srv.Addr, callers)
	require.Len(t, conns, callers, "every caller asked")
	time.Sleep(2 * idle)
	for _, c := range conns {
		c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
		said := make([]byte, 64)
		n, err := c.Read(said)
		assert.ErrorIs(t, err, os.ErrDeadlineExceeded,
			"on hold, nothing said; heard %q", said[:n])
	}
	assert.GreaterOrEqual(t, srv.OpenFDs(t), callers, "a call each")
}
