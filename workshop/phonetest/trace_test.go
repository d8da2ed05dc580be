package phonetest

import (
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
	checked := false
	skipped := t.Run("TestEachCallHasAThread", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir()) // nowhere to find strace
		StartTracedHere(t, "write")
		checked = true
	})
	assert.True(t, skipped, "a skip is not a failure")
	assert.False(t, checked, "without strace the claim is not checked")
}
