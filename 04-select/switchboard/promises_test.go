package switchboard_test

import (
	"testing"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/04-select/switchboard/pollertest"
)

// Both pollers keep the promises the loop stands on: the checks any
// chapter's poller must pass (package pollertest).
func TestBothPollersKeepThePollersPromises(t *testing.T) {
	switchboard.NeedsExercises(t)
	t.Run("select", func(t *testing.T) {
		pollertest.Run(t, func() switchboard.Poller {
			return switchboard.NewSelect()
		})
	})
	t.Run("poll", func(t *testing.T) {
		pollertest.Run(t, func() switchboard.Poller {
			return switchboard.NewPoll()
		})
	})
}
