package epoll

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/04-select/switchboard/pollertest"
)

// epoll keeps the promises chapter 4's loop stands on: the checks
// every chapter's poller must pass, level- and edge-triggered.
func TestEpollKeepsThePollersPromises(t *testing.T) {
	needsExercises(t)
	for _, trigger := range []Trigger{Level, Edge} {
		t.Run(trigger.String(), func(t *testing.T) {
			pollertest.Run(t, func() switchboard.Poller {
				e, err := New(trigger)
				require.NoError(t, err)
				return e
			})
		})
	}
}
