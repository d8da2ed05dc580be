package main

import (
	"sync"
	"testing"

	"github.com/holdtheline/holdtheline/04-select/switchboard/pollertest"
	"github.com/holdtheline/holdtheline/05-epoll/epoll"
)

// The binary the claims run is built with the test's own tags, so
// under -tags exercise05 it runs the learner's epoll. Until it answers
// a plain call, every claim would fail for the same reason, and say
// nothing the exercise tests do not: so the claims wait.

var answering struct {
	once sync.Once
	err  error
}

// needsExercises skips t until the switchboard on this chapter's
// epoll answers one call, in-process. With the solutions it always
// does, and t runs.
func needsExercises(t testing.TB) {
	t.Helper()
	answering.once.Do(func() {
		p, err := epoll.New(epoll.Level)
		if err == nil {
			err = pollertest.AnswersACall(p)
		}
		answering.err = err
	})
	if answering.err != nil {
		t.Skipf("not checked: the switchboard on epoll does not answer "+
			"a call yet (%v). Finish the exercises first: "+
			"go test -race -tags exercise05 -run Exercise ./...",
			answering.err)
	}
}
