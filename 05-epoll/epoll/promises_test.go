package epoll

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/04-select/switchboard/pollertest"
)

// epoll keeps the promises chapter 4's loop stands on: the checks
// every chapter's poller must pass. Level-triggered only: pollertest's
// check of the reused slice waits 101 times on one line made ready
// once, which edge-triggered epoll reports once, as it should. The
// edge-triggered promises are this package's own tests (the hang-ups
// in TestExercise1..., the stall) and the conformance suite.
func TestEpollKeepsThePollersPromises(t *testing.T) {
	needsExercises(t)
	pollertest.Run(t, func() switchboard.Poller {
		e, err := New(Level)
		require.NoError(t, err)
		return e
	})
}
