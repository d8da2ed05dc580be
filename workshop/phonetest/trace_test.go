package phonetest

import (
	"fmt"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestASkipWithoutStraceSaysWhatWasNotChecked(t *testing.T) {
	msg := notChecked("TestEachCallHasAnOSThreadOfItsOwn/sub")
	assert.True(t, strings.HasPrefix(msg, "NOT CHECKED: each call has "+
		"an OS thread of its own.\n"), msg)
	assert.Contains(t, msg, "apt-get install strace")
	assert.Equal(t, "the receptionist accepts on one thread",
		claimOf("TestTheReceptionistAcceptsOnOneThread"))
	assert.Equal(t, "answers after SIGTERM",
		claimOf("TestAnswersAfterSIGTERM"))
}

func TestWithoutStraceATracedClaimSkips(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // nowhere to find strace
	claim := &skipRecorder{TB: t, name: "TestEachCallHasAThread"}
	checked := false
	done := make(chan struct{})
	go func() { // Skip ends the goroutine it is called on
		defer close(done)
		StartTracedHere(claim, "write")
		checked = true
	}()
	<-done
	assert.False(t, checked, "without strace the claim is not checked")
	assert.True(t, strings.HasPrefix(claim.skipped,
		"NOT CHECKED: each call has a thread."), claim.skipped)
}

// A skipRecorder stands in for a claim's test: it records the skip
// that the real test would print, so this test itself skips nothing
// (CI counts any skip as a claim unchecked).
type skipRecorder struct {
	testing.TB
	name    string
	skipped string
}

func (r *skipRecorder) Helper()      {}
func (r *skipRecorder) Name() string { return r.name }
func (r *skipRecorder) Skip(args ...any) {
	r.skipped = fmt.Sprint(args...)
	runtime.Goexit()
}

// Lines as strace -f -qq writes them: thread 16743's wait and 16744's
// nap are split by each other's calls and by 16745's; 16745 exits in
// the middle of its last call; 16746 was in a call when tracing began.
const splitTrace = `16743 epoll_pwait(4,  <unfinished ...>
16744 nanosleep({tv_sec=0, tv_nsec=20000},  <unfinished ...>
16745 write(7, "operator: who would you like to "..., 39) = 39
16744 <... nanosleep resumed>NULL)      = 0
16743 <... epoll_pwait resumed>[{events=EPOLLIN, data={u32=8, u64=8}}], 512, -1, NULL, 0) = 1
16745 read(7, "alice\n", 16384) = 6
16745 exit(0 <unfinished ...>
16746 <... futex resumed>)              = 0
`

func TestJoinResumedPutsEachSplitCallBackTogetherByThread(t *testing.T) {
	assert.Equal(t, `16745 write(7, "operator: who would you like to "..., 39) = 39
16744 nanosleep({tv_sec=0, tv_nsec=20000}, NULL)      = 0
16743 epoll_pwait(4, [{events=EPOLLIN, data={u32=8, u64=8}}], 512, -1, NULL, 0) = 1
16745 read(7, "alice\n", 16384) = 6
16745 exit(0 <unfinished ...>
16746 <... futex resumed>)              = 0
`, JoinResumed(splitTrace),
		"each call whole, where it returned; one that never returned "+
			"kept; a resumed line with no start kept as it is")
	joined := JoinResumed(splitTrace)
	assert.Equal(t, joined, JoinResumed(joined), "a whole trace is whole")
	wait := regexp.MustCompile(`epoll_pwait\(4, \[.*\) = 1$`)
	assert.Equal(t, map[string]int{"16743": 1}, Threads(joined, wait),
		"a pattern for a whole call finds it once joined")
}

func TestStepsCountsEachStepAndTheThreadsThatMadeThem(t *testing.T) {
	trace := `101 accept4(3, NULL, NULL, SOCK_NONBLOCK) = 7
101 write(7, "operator: who would you like to "..., 39) = 39
101 accept4(3, NULL, NULL, SOCK_NONBLOCK) = 8
101 write(8, "operator: who would you like to "..., 39) = 39
102 write(7, "alice: 555-7479\n", 16) = 16
`
	seen, threads := Steps(trace, map[string]*regexp.Regexp{
		"accept":   regexp.MustCompile(`accept4\(.* = \d+$`),
		"greeting": regexp.MustCompile(`write\(\d+, "operator: who`),
		"answer":   regexp.MustCompile(`write\(\d+, "\w+: 555-`),
		"hang-up":  regexp.MustCompile(`close\(`),
	})
	assert.Equal(t, map[string]int{"accept": 2, "greeting": 2,
		"answer": 1, "hang-up": 0}, seen, "a step not seen counts 0")
	assert.Equal(t, map[string]bool{"101": true, "102": true}, threads)
}
