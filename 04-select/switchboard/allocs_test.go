package switchboard_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/04-select/switchboard/pollertest"
)

// A short call, picked up, heard, looked up, answered and hung up,
// allocates nothing once the switchboard has met its fds: each fd's
// call is kept for the next, its clock is in it, the question is read
// where it lands and the answer written into the call's own bytes.
// (What may still allocate is said where it does: a question in
// pieces, an answer too long for the call's bytes.)
func TestAShortCallAllocatesNothing(t *testing.T) {
	for _, name := range switchboard.Backends {
		t.Run(name, func(t *testing.T) {
			pollertest.NeedsAnswer(t, "exercise04", func() (switchboard.Poller, error) {
				return switchboard.NewPoller(name)
			})
			p, err := switchboard.NewPoller(name)
			require.NoError(t, err)
			allocs, wrong := pollertest.AllocsACall(t, p, 2000)
			assert.Zero(t, wrong, "calls that went wrong")
			assert.Zero(t, allocs, "allocations a call")
		})
	}
}

// BenchmarkAShortCall: go test -bench ShortCall ./switchboard reports
// the allocations a call beside its time.
func BenchmarkAShortCall(b *testing.B) {
	for _, name := range switchboard.Backends {
		b.Run(name, func(b *testing.B) {
			p, err := switchboard.NewPoller(name)
			require.NoError(b, err)
			pollertest.BenchShortCalls(b, p)
		})
	}
}
