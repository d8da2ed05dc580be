package phonetest

import (
	"fmt"
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
