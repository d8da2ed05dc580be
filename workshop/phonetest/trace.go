package phonetest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// A Traced server runs under `strace -f`, so a test can check the
// system calls behind a chapter's claim: which thread accepted, which
// picked up, which slept through the lookup.
type Traced struct {
	*Server // strace itself; the operator is its child
	file    string
}

// StartTracedHere is StartHere under `strace -f -e trace=syscalls`. It
// skips the test where strace is not installed (.ci/run installs it).
func StartTracedHere(t testing.TB, syscalls string,
	flags ...string) *Traced {
	t.Helper()
	strace, err := exec.LookPath("strace")
	if err != nil {
		t.Skip("strace is not installed (.ci/run installs it)")
	}
	file := filepath.Join(t.TempDir(), "trace")
	args := append([]string{"-f", "-qq", "-o", file,
		"-e", "trace=" + syscalls, Build(t, "."),
		"-addr", "127.0.0.1:0"}, flags...)
	return &Traced{Server: Start(t, strace, args...), file: file}
}

// Finish sends SIGTERM to the operator, checks that it exits 0 as the
// contract says, and returns the trace: one system call a line, each
// line starting with the id of the thread that made it.
func (tr *Traced) Finish(t testing.TB) string {
	t.Helper()
	children := fmt.Sprintf("/proc/%d/task/%d/children", tr.Pid, tr.Pid)
	b, err := os.ReadFile(children)
	if err != nil {
		t.Fatalf("phonetest: the traced operator: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatalf("phonetest: strace should have one child, has %q", b)
	}
	if err := unix.Kill(pid, unix.SIGTERM); err != nil {
		t.Fatalf("phonetest: SIGTERM to the traced operator: %v", err)
	}
	// strace exits with its child's status.
	code, err := tr.Wait(10 * time.Second)
	if err != nil || code != 0 {
		t.Fatalf("phonetest: after SIGTERM the operator should exit 0: "+
			"exit %d, %v", code, err)
	}
	trace, err := os.ReadFile(tr.file)
	if err != nil {
		t.Fatalf("phonetest: %v", err)
	}
	return string(trace)
}

// Threads counts, by thread id, the lines of trace that match re.
func Threads(trace string, re *regexp.Regexp) map[string]int {
	seen := map[string]int{}
	for line := range strings.Lines(trace) {
		line = strings.TrimSpace(line)
		if re.MatchString(line) {
			seen[strings.Fields(line)[0]]++
		}
	}
	return seen
}
