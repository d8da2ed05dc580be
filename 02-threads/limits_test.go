package main

import (
	"context"
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

// README: the demo's numbers. A sleeping thread costs more memory than
// a sleeping goroutine (more than three times as much here; the README
// gives the measured ratio) and takes longer to start; the threads
// really are threads.
func TestTheDemoShowsAThreadCostsMoreThanAGoroutine(t *testing.T) {
	const n = 2000
	out := demo(t, n)
	threads, goroutines := readRow(t, out, "threads"),
		readRow(t, out, "goroutines")

	assert.GreaterOrEqual(t, threads.threads, n, "a thread per sleeper")
	assert.Less(t, goroutines.threads, 50, "a few threads for them all")
	assert.Greater(t, threads.rssEach, 3*goroutines.rssEach,
		"resident memory per sleeper\n%s", out)
	assert.Greater(t, threads.took, 3*goroutines.took,
		"time to start them\n%s", out)
}

// README: "the demo reports the crash instead of suffering it". Over
// the limit, the copy running the threads dies of thread exhaustion;
// the demo says so and goes on to the goroutines.
func TestTheDemoReportsThreadExhaustion(t *testing.T) {
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
	`\S+ \S+ +\S+ \S+ +([\d.]+) (B|kB|MB)`)

func readRow(t *testing.T, out, kind string) demoRow {
	for _, m := range rowLine.FindAllStringSubmatch(out, -1) {
		if m[1] != kind {
			continue
		}
		took, err := time.ParseDuration(m[2])
		require.NoError(t, err)
		threads, _ := strconv.Atoi(m[3])
		each, _ := strconv.ParseFloat(m[4], 64)
		each *= map[string]float64{"B": 1, "kB": 1e3, "MB": 1e6}[m[5]]
		return demoRow{took, threads, each}
	}
	t.Fatalf("no %s row in the demo's output:\n%s", kind,
		strings.TrimSpace(out))
	return demoRow{}
}
