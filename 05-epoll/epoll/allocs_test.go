package epoll

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/04-select/switchboard/pollertest"
)

// A short call on epoll allocates nothing once the switchboard has met
// its fds, level- or edge-triggered: epoll_ctl and epoll_wait are given
// what the Epoll already holds.
func TestAShortCallOnEpollAllocatesNothing(t *testing.T) {
	needsExercises(t)
	for _, trigger := range []Trigger{Level, Edge} {
		t.Run(trigger.String(), func(t *testing.T) {
			e, err := New(trigger)
			require.NoError(t, err)
			allocs, wrong := pollertest.AllocsACall(t, e, 2000)
			assert.Zero(t, wrong, "calls that went wrong")
			assert.Zero(t, allocs, "allocations a call")
		})
	}
}

// BenchmarkAShortCall: go test -bench ShortCall -benchmem ./epoll.
func BenchmarkAShortCall(b *testing.B) {
	for _, trigger := range []Trigger{Level, Edge} {
		b.Run(trigger.String(), func(b *testing.B) {
			e, err := New(trigger)
			require.NoError(b, err)
			pollertest.BenchShortCalls(b, e)
		})
	}
}
