package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/caller"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// README: "past its thread limit the process dies: fatal error: thread
// exhaustion". Go's limit is 10,000 threads; -max-threads 20 lowers it
// so that 30 callers on hold are enough. The runtime does not refuse
// the one call too many: it kills the whole process, and every call in
// progress with it.
func TestPastItsThreadLimitTheProcessDiesOfThreadExhaustion(t *testing.T) {
	needsTheSolutions(t)
	srv := phonetest.StartHere(t, "-lookup", "5s", "-max-threads", "20")
	ctx, cancel := context.WithTimeout(context.Background(),
		20*time.Second)
	defer cancel()
	r := caller.Fleet{Addr: srv.Addr, N: 30, Timeout: 10 * time.Second}.
		Run(ctx)

	code, err := srv.Wait(10 * time.Second)
	require.NoError(t, err, "the server should be dead")
	assert.Equal(t, 2, code, "the runtime's fatal errors exit 2")
	assert.Contains(t, srv.Stderr(), "fatal error: thread exhaustion")
	assert.Contains(t, srv.Stderr(), "exceeds 20-thread limit")
	assert.Zero(t, r.Summary().Answered,
		"the callers on hold die with the process: %+v", r.Summary())
}

// README: the demo's numbers. A sleeping thread costs more than three
// times the resident memory of a sleeping goroutine, and takes more
// than three times as long to start; the threads really are threads.
// The test measures that itself: it runs each lot of sleepers in the
// chapter's binary the way the demo does, and reads the process's
// /proc/PID/task and /proc/PID/status from outside. Then it checks
// that the demo's own table says the same.
func TestTheDemoShowsAThreadCostsMoreThanAGoroutine(t *testing.T) {
	needsTheSolutions(t)
	const n = 2000
	bin := phonetest.Build(t, ".")
	threads := sleepers(t, bin, "threads", n)
	goroutines := sleepers(t, bin, "goroutines", n)
	t.Logf("%d sleeping threads: %d threads, %.1f kB each, started in "+
		"%v", n, threads.threads, threads.rssEach/1e3, threads.took)
	t.Logf("%d sleeping goroutines: %d threads, %.1f kB each, started "+
		"in %v", n, goroutines.threads, goroutines.rssEach/1e3,
		goroutines.took)

	assert.GreaterOrEqual(t, threads.threads, n, "a thread per sleeper")
	assert.Less(t, goroutines.threads, 50, "a few threads for them all")
	assert.Greater(t, threads.rssEach, 3*goroutines.rssEach,
		"resident memory per sleeper")
	assert.Greater(t, threads.took, 3*goroutines.took,
		"time to start them")

	out := demo(t, n)
	for kind, measured := range map[string]slept{"threads": threads,
		"goroutines": goroutines} {
		row := readRow(t, out, kind)
		assert.InDelta(t, measured.threads, row.threads, 10,
			"the demo's count of %s agrees\n%s", kind, out)
		assert.InEpsilon(t, measured.rssEach, row.rssEach, 0.5,
			"the demo's memory per sleeper (%s) agrees\n%s", kind, out)
	}
}

// slept is what the test measured of one lot of sleepers.
type slept struct {
	took    time.Duration // from "go" to "asleep", seen from here
	threads int           // in /proc/PID/task, all asleep
	rssEach float64       // bytes per sleeper, VmRSS asleep less ready
}

// sleepers starts a copy of the chapter's binary as one half of the
// demo (see sleepElsewhere), n sleepers of kind, and measures it from
// outside.
func sleepers(t *testing.T, bin, kind string, n int) slept {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-demo", strconv.Itoa(n))
	cmd.Env = append(os.Environ(), sleepersEnv+"="+kind)
	tell, err := cmd.StdinPipe()
	require.NoError(t, err)
	said, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	defer cmd.Wait()
	defer tell.Close()
	r := bufio.NewReader(said)
	hear := func(want string) {
		line, err := r.ReadString('\n')
		require.Equal(t, want+"\n", line, "%s: %v", kind, err)
	}
	proc := fmt.Sprintf("/proc/%d/", cmd.Process.Pid)

	hear("ready")
	ready := vmRSS(t, proc)
	began := time.Now()
	_, err = tell.Write([]byte("go\n"))
	require.NoError(t, err)
	hear("asleep")
	var s slept
	s.took = time.Since(began)
	tasks, err := os.ReadDir(proc + "task")
	require.NoError(t, err)
	s.threads = len(tasks)
	s.rssEach = float64(vmRSS(t, proc)-ready) / float64(n)
	return s
}

// vmRSS reads a process's resident memory, in bytes, from its status.
func vmRSS(t *testing.T, proc string) int64 {
	b, err := os.ReadFile(proc + "status")
	require.NoError(t, err)
	for line := range strings.Lines(string(b)) {
		if kB, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, err := strconv.ParseInt(strings.Fields(kB)[0], 10, 64)
			require.NoError(t, err)
			return n * 1024
		}
	}
	t.Fatalf("no VmRSS in %sstatus", proc)
	return 0
}

// README: "the demo reports the crash instead of suffering it". Over
// the limit, the copy running the threads dies of thread exhaustion;
// the demo says so and goes on to the goroutines.
func TestTheDemoReportsThreadExhaustion(t *testing.T) {
	needsTheSolutions(t)
	out := demo(t, 100, "-max-threads", "50")
	assert.Contains(t, out, "threads     the runtime killed it")
	assert.Contains(t, out, "fatal error: thread exhaustion")
	row := readRow(t, out, "goroutines")
	assert.Less(t, row.threads, 50)
}

// demo runs the chapter's binary with -demo n and returns its output.
func demo(t *testing.T, n int, flags ...string) string {
	bin := phonetest.Build(t, ".")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	args := append([]string{"-demo", strconv.Itoa(n)}, flags...)
	out, err := exec.CommandContext(ctx, bin, args...).Output()
	require.NoError(t, err, "%s", out)
	return string(out)
}

// A demoRow is one line of the demo's table, the numbers read back.
type demoRow struct {
	took    time.Duration
	threads int
	rssEach float64 // bytes
}

// rowLine reads kind, started in, threads and RSS each from a row.
var rowLine = regexp.MustCompile(`(?m)^(\w+) +(\S+) +(\d+) +` +
	`\S+ \S+ +([\d.]+) (kB|MB)`)

func readRow(t *testing.T, out, kind string) demoRow {
	for _, m := range rowLine.FindAllStringSubmatch(out, -1) {
		if m[1] != kind {
			continue
		}
		took, err := time.ParseDuration(m[2])
		require.NoError(t, err)
		threads, _ := strconv.Atoi(m[3])
		each, _ := strconv.ParseFloat(m[4], 64)
		each *= map[string]float64{"kB": 1e3, "MB": 1e6}[m[5]]
		return demoRow{took, threads, each}
	}
	t.Fatalf("no %s row in the demo's output:\n%s", kind,
		strings.TrimSpace(out))
	return demoRow{}
}
