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

// JoinResumed puts back together each system call that strace -f
// logged in two because another thread made a traced call meanwhile:
// the line that ends "<unfinished ...>" and the same thread's later
// "<... NAME resumed>" line. The whole call takes the place of the
// resumed line, where its result became known. A call that never
// resumed (a thread that exited in it, or a process killed in a wait)
// keeps its unfinished line where it was: it happened, so a claim that
// counts calls still sees it. A resumed line with nothing unfinished
// before it (the trace began mid-call) is kept as it is.
//
// A claim that matches a whole call with one pattern, arguments and
// result together, needs the trace joined first: under load, the
// loop's own calls are split whenever a runtime thread wakes.
func JoinResumed(trace string) string {
	var lines []string
	pending := map[string]int{} // by thread id: its unfinished line
	for line := range strings.Lines(trace) {
		line = strings.TrimRight(line, "\n")
		f := strings.Fields(line)
		if len(f) < 2 {
			lines = append(lines, line)
			continue
		}
		tid := f[0]
		if start, ok := strings.CutSuffix(line, " <unfinished ...>"); ok {
			if at, waiting := pending[tid]; waiting {
				lines[at] += " <unfinished ...>" // never resumed
			}
			pending[tid] = len(lines)
			lines = append(lines, start)
			continue
		}
		at, waiting := pending[tid]
		_, rest, resumed := strings.Cut(line, " resumed>")
		if !waiting || !resumed || f[1] != "<..." {
			lines = append(lines, line)
			continue
		}
		lines = append(lines, lines[at]+strings.TrimPrefix(rest, " "))
		lines[at] = ""
		delete(pending, tid)
	}
	for _, at := range pending {
		lines[at] += " <unfinished ...>"
	}
	var out strings.Builder
	for _, line := range lines {
		if line != "" {
			out.WriteString(line + "\n")
		}
	}
	return out.String()
}

// Steps counts, for each step of a call (its name, and a pattern for
// the system call that makes it: the accept, the greeting, the
// answer), the lines of trace that match, and returns those counts
// and the ids of the threads that made any of the steps. A claim that
// one thread does every step of every call checks that each count is
// the number of calls and that there is one thread. Every step has a
// count, zero if nothing matched.
func Steps(trace string,
	steps map[string]*regexp.Regexp) (seen map[string]int, threads map[string]bool) {
	seen, threads = map[string]int{}, map[string]bool{}
	for step, re := range steps {
		seen[step] = 0
		for tid, n := range Threads(trace, re) {
			threads[tid] = true
			seen[step] += n
		}
	}
	return seen, threads
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
