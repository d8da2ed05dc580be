package main

import (
	"testing"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/04-select/switchboard/pollertest"
)

// needsExercises skips t until a switchboard built from this module
// answers one call, on poll, in-process: under -tags exercise04 the
// claims' binary runs the learner's exercises, and until they answer a
// plain call every claim would fail for their sake.
func needsExercises(t testing.TB) {
	t.Helper()
	pollertest.NeedsAnswer(t, "exercise04", func() (switchboard.Poller, error) {
		return switchboard.NewPoller("poll")
	})
}
