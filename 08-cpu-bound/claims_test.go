package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/caller"
	"github.com/holdtheline/holdtheline/workshop/phone"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

var strategies = []string{"inline", "offload", "percore", "procs",
	"goroutines"}

func TestConformanceEveryStrategy(t *testing.T) {
	needsExercises(t)
	for _, s := range strategies {
		t.Run(s, func(t *testing.T) {
			phonetest.Run(t, phonetest.Options{Dir: ".",
				Args: []string{"-strategy", s, "-work", "2ms", "-n", "2"}})
		})
	}
}

// expensive names caller i so that no name is a cheap one.
func expensive(i int) string { return fmt.Sprintf("caller-%d", i) }

// fleet calls srv with n expensive callers at once, checks every one
// was answered, and returns the report.
func fleet(t *testing.T, srv *phonetest.Server, n int) caller.Report {
	t.Helper()
	r := phonetest.Callers(t, caller.Fleet{Addr: srv.Addr, N: n,
		Name: expensive})
	for _, c := range r.Calls {
		require.NoError(t, c.Err, c.Name)
	}
	return r
}

// README: "with inline, N callers take about N × D". 8 callers dial
// at once with -work 50ms: the loop reads for one after another, so
// the last is answered no sooner than 8 lookups (less a wide margin)
// after they dialed.
func TestInlineNCallersTakeAboutNTimesTheWork(t *testing.T) {
	needsExercises(t)
	const n, work = 8, 50 * time.Millisecond
	srv := phonetest.StartHere(t, "-strategy", "inline", "-lookup", "0s",
		"-work", work.String())
	r := fleet(t, srv, n)
	assert.GreaterOrEqual(t, r.Elapsed, time.Duration(float64(n*work)*0.6),
		"8 callers of 50 ms each")
	t.Logf("%d callers, -work %v: all answered in %v", n, work, r.Elapsed)
}

// elapsed is the median, over rounds, of how long n expensive callers
// take on each server configuration, the configurations run in turn
// within each round so that the machine's load falls on them alike.
func elapsed(t *testing.T, rounds, n int, configs ...[]string) []time.Duration {
	t.Helper()
	times := make([][]time.Duration, len(configs))
	for range rounds {
		for i, args := range configs {
			env, args := args[0], args[1:]
			t.Setenv("GOMAXPROCS", env)
			srv := phonetest.StartHere(t, args...)
			times[i] = append(times[i], fleet(t, srv, n).Elapsed)
			srv.Signal(syscall.SIGTERM)
			srv.Wait(10 * time.Second)
		}
	}
	medians := make([]time.Duration, len(configs))
	for i, ts := range times {
		slices.Sort(ts)
		medians[i] = ts[len(ts)/2]
		t.Logf("%v: %v, median %v", configs[i], ts, medians[i])
	}
	return medians
}

// README: "with offload, percore and goroutines, two cores answer
// faster than one". 24 callers, -work 20ms, with GOMAXPROCS and -n at
// 1 and then 2; on a 2-core machine shared with other work, the
// median with 2 must be at least 1.25 times faster.
func TestThroughputGrowsFromOneCoreToTwo(t *testing.T) {
	needsExercises(t)
	for _, s := range []string{"offload", "percore", "goroutines"} {
		t.Run(s, func(t *testing.T) {
			cfg := func(n string) []string {
				return []string{n, "-strategy", s, "-n", n, "-lookup", "0s",
					"-work", "20ms"}
			}
			m := elapsed(t, 3, 24, cfg("1"), cfg("2"))
			ratio := float64(m[0]) / float64(m[1])
			assert.GreaterOrEqual(t, ratio, 1.25,
				"1 core %v, 2 cores %v", m[0], m[1])
		})
	}
}

// The done-when: on 2 cores, with -work about 20 ms, 40
// callers finish at least 1.3 times sooner with offload than inline.
func TestFortyCallersFinishSoonerWithOffloadThanInline(t *testing.T) {
	needsExercises(t)
	args := func(s string) []string {
		return []string{"2", "-strategy", s, "-n", "2", "-lookup", "0s",
			"-work", "20ms"}
	}
	m := elapsed(t, 3, 40, args("inline"), args("offload"))
	ratio := float64(m[0]) / float64(m[1])
	assert.GreaterOrEqual(t, ratio, 1.3, "inline %v, offload %v", m[0], m[1])
}

// cheapWait is how long a cheap caller (alice, known by heart) waits
// from dialing to her answer, when she dials just after 4 expensive
// callers of 100 ms each.
func cheapWait(t *testing.T, strategy string) time.Duration {
	srv := phonetest.StartHere(t, "-strategy", strategy, "-n", "2",
		"-lookup", "0s", "-work", "100ms", "-cheap", "alice")
	var wg sync.WaitGroup
	wg.Go(func() { fleet(t, srv, 4) })
	time.Sleep(30 * time.Millisecond) // the 4 are picked up first
	start := time.Now()
	assert.Equal(t, "alice: "+phone.Number("alice")+"\n",
		phonetest.Ask(t, srv.Addr, "alice"))
	waited := time.Since(start)
	wg.Wait()
	return waited
}

// README: "a cheap caller behind expensive ones waits with inline, and
// does not with offload". Inline makes alice wait for at least two of
// the 100 ms lookups ahead of her; offload answers her at least three
// times sooner.
func TestACheapCallerWaitsBehindExpensiveOnesInlineNotOffload(t *testing.T) {
	needsExercises(t)
	inline := cheapWait(t, "inline")
	offload := cheapWait(t, "offload")
	t.Logf("alice waited %v with inline, %v with offload", inline, offload)
	assert.GreaterOrEqual(t, inline, 200*time.Millisecond)
	assert.GreaterOrEqual(t, float64(inline)/float64(offload), 3.0)
}

// children are the pids of pid's child processes.
func children(t *testing.T, pid int) []int {
	tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	require.NoError(t, err)
	var kids []int
	for _, f := range tasks {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, s := range strings.Fields(string(b)) {
			k, err := strconv.Atoi(s)
			require.NoError(t, err)
			kids = append(kids, k)
		}
	}
	return kids
}

// README: "SIGTERM to the procs parent reaches every child: each
// finishes its calls, and no process is left". 8 callers are on hold
// (a 1 s lookup) across 2 children when the parent gets SIGTERM.
func TestSIGTERMToProcsParentLetsEveryChildFinishItsCalls(t *testing.T) {
	needsExercises(t)
	srv := phonetest.StartHere(t, "-strategy", "procs", "-n", "2",
		"-work", "1ms", "-lookup", "1s", "-grace", "5s")
	kids := children(t, srv.Pid)
	require.Len(t, kids, 2)
	held := phonetest.HoldOn(t, srv.Addr, 8)
	defer phonetest.HangUp(held)
	require.NoError(t, srv.Signal(syscall.SIGTERM))
	for i, c := range held {
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		buf := make([]byte, 64)
		n, _ := c.Read(buf)
		assert.Regexp(t, `: 555-\d{4}\n$`, string(buf[:n]), "caller %d", i)
	}
	code, err := srv.Wait(10 * time.Second)
	require.NoError(t, err)
	assert.Equal(t, 0, code, srv.Stderr())
	for _, k := range kids {
		_, err := os.Stat(fmt.Sprintf("/proc/%d", k))
		assert.True(t, os.IsNotExist(err), "child %d is left", k)
	}
}
