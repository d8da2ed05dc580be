package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/workshop/caller"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// README: "one thread does everything". Under strace -f, two calls:
// every accept, greeting, lookup and answer comes from one thread id.
func TestOneThreadAnswersEveryCall(t *testing.T) {
	strace, err := exec.LookPath("strace")
	if err != nil {
		t.Skip("strace is not installed (.ci/run installs it)")
	}
	trace := filepath.Join(t.TempDir(), "trace")
	srv := phonetest.Start(t, strace, "-f", "-qq", "-o", trace,
		"-e", "trace=accept4,read,write,nanosleep,close",
		phonetest.Build(t, "."), "-addr", "127.0.0.1:0",
		"-lookup", "100ms")

	for _, name := range []string{"alice", "bob"} {
		ctx, cancel := context.WithTimeout(context.Background(),
			10*time.Second)
		c := caller.Dial(ctx, srv.Addr, name)
		cancel()
		require.NoError(t, c.Err)
	}
	operator := tracedChild(t, srv.Pid)
	require.NoError(t, unix.Kill(operator, unix.SIGTERM))
	code, err := srv.Wait(10 * time.Second)
	require.NoError(t, err)
	require.Equal(t, 0, code, "the operator exits 0 on SIGTERM")

	out, err := os.ReadFile(trace)
	require.NoError(t, err)
	steps := map[string]*regexp.Regexp{
		"accept":   regexp.MustCompile(`accept4(\(| resumed>).* = \d+$`),
		"greeting": regexp.MustCompile(`write\(\d+, "operator: who`),
		"lookup": regexp.MustCompile(
			`nanosleep\(\{tv_sec=0, tv_nsec=100000000\}`),
		"answer": regexp.MustCompile(`write\(\d+, "(alice|bob): 555-`),
	}
	threads := map[string]bool{}
	for step, re := range steps {
		seen := 0
		for line := range strings.Lines(string(out)) {
			line = strings.TrimSpace(line)
			if re.MatchString(line) {
				seen++
				threads[strings.Fields(line)[0]] = true
			}
		}
		assert.Equal(t, 2, seen, "%s: one per call\n%s", step, out)
	}
	assert.Len(t, threads, 1, "one thread id for every step\n%s", out)
}

// tracedChild returns the pid of the process strace started.
func tracedChild(t *testing.T, strace int) int {
	path := fmt.Sprintf("/proc/%d/task/%d/children", strace, strace)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	require.NoError(t, err, "strace has one child: %q", b)
	return pid
}
