package main

import (
	"testing"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/04-select/switchboard/pollertest"
	"github.com/holdtheline/holdtheline/05-epoll/epoll"
)

// needsExercises skips t until the switchboard on this chapter's
// epoll answers one call, in-process: under -tags exercise05 the
// claims' binary runs the learner's epoll, and until it answers a
// plain call every claim would fail for its sake.
func needsExercises(t testing.TB) {
	t.Helper()
	pollertest.NeedsAnswer(t, "exercise05", func() (switchboard.Poller, error) {
		e, err := epoll.New(epoll.Level)
		if err != nil {
			return nil, err
		}
		return e, nil
	})
}
