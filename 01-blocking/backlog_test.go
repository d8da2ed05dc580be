package main

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/caller"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// README: "a full backlog drops connects, and callers retry a second
// later". With -backlog 1 the kernel queues two callers at most; eight
// calling at once overflow it. Their SYNs are dropped and TCP sends them
// again after its one-second initial timeout. Whether every one of them
// gets through in the end is up to the kernel (see the README); every
// caller the operator picks up is answered.
func TestAFullBacklogDropsConnectsUntilTheyRetry(t *testing.T) {
	const n, lookup = 8, 200 * time.Millisecond
	srv := phonetest.StartHere(t, "-lookup", lookup.String(), "-backlog", "1")
	before := listenOverflows(t)

	// Callers not through after 5 s give up: enough to see retries.
	r := phonetest.Callers(t, caller.Fleet{Addr: srv.Addr, N: n,
		Timeout: 5 * time.Second})
	for _, c := range r.Calls {
		if !c.PickedUp.IsZero() {
			assert.NoError(t, c.Err, "a caller picked up is answered")
		}
	}
	assert.Greater(t, r.Summary().Answered, 0, "%+v", r.Summary())

	var slowest time.Duration
	for _, c := range r.Calls {
		slowest = max(slowest, c.Connected.Sub(c.Dialed))
	}
	assert.GreaterOrEqual(t, slowest, 900*time.Millisecond,
		"a dropped SYN is sent again after about 1 s")
	// The counter is for the whole network namespace; it can only
	// confirm that overflows happened, not count ours.
	assert.Greater(t, listenOverflows(t), before, "ListenOverflows")
}

// listenOverflows reads the kernel's ListenOverflows counter: connects
// dropped because a listen backlog was full (nstat calls it
// TcpExtListenOverflows).
func listenOverflows(t *testing.T) int64 {
	b, err := os.ReadFile("/proc/net/netstat")
	require.NoError(t, err)
	lines := strings.Split(string(b), "\n")
	for i := 0; i+1 < len(lines); i += 2 {
		names := strings.Fields(lines[i])
		values := strings.Fields(lines[i+1])
		if len(names) == 0 || names[0] != "TcpExt:" {
			continue
		}
		for j, name := range names {
			if name == "ListenOverflows" && j < len(values) {
				v, err := strconv.ParseInt(values[j], 10, 64)
				require.NoError(t, err)
				return v
			}
		}
	}
	t.Fatal("no TcpExt ListenOverflows in /proc/net/netstat")
	return 0
}
