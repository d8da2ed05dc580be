package pollertest

import (
	"errors"
	"fmt"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
)

// NeedsAnswer keeps its answer by tag for the life of the process: each
// test uses a tag of its own, and forgets it when it starts (-count=N
// runs it again in the same process).
func forget(tag string) {
	answered.Lock()
	defer answered.Unlock()
	delete(answered.by, tag)
}

// The claims run when a call is answered, and skip when it is not.
// Which it is depends on the build: with the solutions a call is
// answered; under -tags exercise04, with the stubs, it is not, and
// this test must not fail there (only the exercise tests may).
func TestNeedsAnswerRunsTheClaimsOnlyOnceACallIsAnswered(t *testing.T) {
	p, err := switchboard.NewPoller("poll")
	require.NoError(t, err)
	answers := AnswersACall(p) == nil
	forget("exercise-answers")
	made := 0
	poll := func() (switchboard.Poller, error) {
		made++
		return switchboard.NewPoller("poll")
	}
	for range 3 {
		claim := &skipRecorder{TB: t}
		assert.Equal(t, answers, claim.runs(func() {
			NeedsAnswer(claim, "exercise-answers", poll)
		}), "a call answered: %v; skipped: %q", answers, claim.skipped)
	}
	assert.Equal(t, 1, made, "one call made, once, for every claim")
}

func TestNeedsAnswerSkipsAndSaysHowToFinish(t *testing.T) {
	broken := errors.New("the stub's panic")
	forget("exercise99")
	claim := &skipRecorder{TB: t}
	assert.False(t, claim.runs(func() {
		NeedsAnswer(claim, "exercise99", func() (switchboard.Poller, error) {
			return nil, broken
		})
	}), "a switchboard that cannot answer: the claim waits")
	assert.Contains(t, claim.skipped, "the stub's panic", "why")
	assert.Contains(t, claim.skipped,
		"go test -race -tags exercise99 -run Exercise ./...",
		"how to finish: the exercises, under the chapter's tag")
}

// A skipRecorder stands in for a claim's test: it records the skip the
// real test would print, so this test itself skips nothing (CI counts
// any skip as a claim unchecked).
type skipRecorder struct {
	testing.TB
	skipped string
}

func (r *skipRecorder) Helper() {}
func (r *skipRecorder) Skipf(format string, args ...any) {
	r.skipped = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// runs calls claim as a test would, and says whether it ran to its end
// rather than skipping: a skip ends the goroutine it is called on.
func (r *skipRecorder) runs(claim func()) bool {
	done, ran := make(chan struct{}), false
	go func() {
		defer close(done)
		claim()
		ran = true
	}()
	<-done
	return ran
}
