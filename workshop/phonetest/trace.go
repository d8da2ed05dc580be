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
	"unicode"

	"golang.org/x/sys/unix"
)

// A Traced server runs under `strace -f`, so a test can check the
// system calls behind a chapter's claim: which thread accepted, which
// picked up, which slept through the lookup.
type Traced struct {
	*Server // strace itself; the operator is its child
	file    string
}

// StartTracedHere is StartHere under `strace -f -e trace=syscalls`.
// Where strace is not installed it skips the test, and says which
// claim was not checked (from the test's name) and how to install
// strace: a learner may not have it, and a skip that says only "skip"
// reads like a pass. CI installs strace, so CI checks every claim.
func StartTracedHere(t testing.TB, syscalls string,
	flags ...string) *Traced {
	t.Helper()
	strace, err := exec.LookPath("strace")
	if err != nil {
		t.Skip(notChecked(t.Name()))
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

// notChecked is the skip message of a claim that needs strace.
func notChecked(test string) string {
	return fmt.Sprintf("NOT CHECKED: %s.\n"+
		"This claim is read from the system calls the server makes, "+
		"traced with strace, and strace is not installed. Install it "+
		"(Debian or Ubuntu: sudo apt-get install strace) and run the "+
		"test again.", claimOf(test))
}

// claimOf turns a test's name into the claim it is named for:
// "TestEachCallHasAnOSThreadOfItsOwn/sub" is "each call has an OS
// thread of its own". A run of capitals is one word, kept as it is.
func claimOf(test string) string {
	test, _, _ = strings.Cut(test, "/")
	name := []rune(strings.TrimPrefix(test, "Test"))
	var words []string
	start := 0
	upper := func(i int) bool { return unicode.IsUpper(name[i]) }
	for i := 1; i <= len(name); i++ {
		// A word ends before a capital that follows a small letter,
		// and before the last capital of a run when a small letter
		// comes after it ("OSThread" is "OS", "Thread").
		if i < len(name) && upper(i) && (!upper(i-1) ||
			i+1 < len(name) && !upper(i+1)) {
			words = append(words, word(name[start:i]))
			start = i
		}
	}
	words = append(words, word(name[start:]))
	return strings.Join(words, " ")
}

// word lower-cases a capitalised word and keeps an all-capital one.
func word(w []rune) string {
	if len(w) > 1 && unicode.IsUpper(w[1]) {
		return string(w)
	}
	return strings.ToLower(string(w))
}
