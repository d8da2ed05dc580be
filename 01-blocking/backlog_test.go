package main

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/caller"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// ownNetwork names the variable that tells this test binary it runs
// inside a network namespace of its own, and which server to start.
const ownNetwork = "HOLDTHELINE_01_OWN_NETWORK_SERVER"

// README: "a full backlog drops connects; a caller whose SYN was
// dropped sends it again a second later, inside connect". With
// -backlog 1 the kernel queues two callers at most; eight calling at
// once overflow it. Their SYNs are dropped and TCP sends them again
// after its initial timeout, one second, then two seconds after that.
//
// The kernel's ListenOverflows counter is for a whole network
// namespace, so the test runs itself again in a namespace of its own
// (`unshare -rn`, with only the loopback up): there, every overflow
// counted is this test's.
func TestAFullBacklogDropsConnectsUntilTheyRetry(t *testing.T) {
	needsTheExercises(t)
	bin := os.Getenv(ownNetwork)
	if bin == "" {
		inOwnNetwork(t, phonetest.Build(t, "."))
		return
	}

	const n, lookup = 8, 200 * time.Millisecond
	srv := phonetest.Start(t, bin, "-addr", "127.0.0.1:0",
		"-lookup", lookup.String(), "-backlog", "1")
	before := listenOverflows(t)

	// Callers not through after 5 s give up: time for two retries.
	r := phonetest.Callers(t, caller.Fleet{Addr: srv.Addr, N: n,
		Timeout: 5 * time.Second})
	for _, c := range r.Calls {
		if !c.PickedUp.IsZero() {
			assert.NoError(t, c.Err, "a caller picked up is answered")
		}
	}
	assert.Greater(t, r.Summary().Answered, 0, "%+v", r.Summary())

	// On loopback a connect whose SYN got through takes microseconds;
	// one that was dropped is sent again after 1 s, then 2 s later.
	// Kernel timers fire late, never early; 500 ms is for a busy
	// machine.
	retries := []time.Duration{time.Second, 3 * time.Second}
	const late = 500 * time.Millisecond
	var retried, firstRetry int
	var connects []time.Duration
	for i, c := range r.Calls {
		if c.Connected.IsZero() {
			continue
		}
		took := c.Connect()
		connects = append(connects, took.Round(time.Millisecond))
		if took < late {
			continue // its first SYN got through
		}
		retried++
		inTime := false
		for k, at := range retries {
			if took >= at-100*time.Millisecond && took <= at+late {
				inTime = true
				if k == 0 {
					firstRetry++
				}
			}
		}
		assert.True(t, inTime, "caller %d connected after %v, not about"+
			" 1 s or 3 s after it dialled", i, took)
	}
	assert.Positive(t, firstRetry,
		"some caller connects on its SYN sent again 1 s later")
	// Each caller that had to retry had a SYN dropped at least once,
	// and in this namespace only this test's connects are counted.
	overflows := listenOverflows(t) - before
	assert.GreaterOrEqual(t, overflows, int64(retried),
		"ListenOverflows counts each dropped SYN")
	t.Logf("connects took %v; %d retried; ListenOverflows +%d; %+v",
		connects, retried, overflows, r.Summary())
}

// inOwnNetwork runs the test that called it again, as a child process
// in a network namespace of its own with the loopback up, told to start
// the server bin. The child's output is this test's log.
func inOwnNetwork(t *testing.T, bin string) {
	// unshare(1) is util-linux, ip(8) iproute2; -r maps the user to
	// root in a user namespace of its own, so no privilege is needed
	// where the kernel allows user namespaces.
	probe := exec.Command("unshare", "-rn", "ip", "link", "set", "lo", "up")
	if out, err := probe.CombinedOutput(); err != nil {
		t.Skipf("not checked: the backlog claims need a network "+
			"namespace of their own (unshare -rn ip link set lo up: "+
			"%v %s)", err, out)
	}
	cmd := exec.Command("unshare", "-rn", "sh", "-c",
		`ip link set lo up && exec "$0" "$@"`, os.Args[0],
		"-test.run=^"+t.Name()+"$", "-test.count=1", "-test.v",
		"-test.timeout=2m")
	cmd.Env = append(os.Environ(), ownNetwork+"="+bin)
	cmd.WaitDelay = time.Second
	out, err := cmd.CombinedOutput()
	t.Logf("in a network namespace of its own:\n%s", out)
	require.NoError(t, err)
	require.Contains(t, string(out), "--- PASS: "+t.Name(),
		"the test ran, and passed, in its own namespace")
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
