package pollertest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
)

// RunningLoop makes a Loop on p and runs it on a goroutine of its own
// until the test ends; then it closes the loop and fails the test if
// Run does not return within 5 s, or returns an error. It returns once
// a posted func has run: from then on Run holds its thread, and
// Thread is the loop's. What chapters 6 to 8 build on a Loop (a
// reactor, a scheduler, clerks) their tests build on this one.
func RunningLoop(t testing.TB, p switchboard.Poller) *switchboard.Loop {
	t.Helper()
	loop, err := switchboard.NewLoop(p)
	require.NoError(t, err)
	ran := make(chan error, 1)
	go func() { ran <- loop.Run() }()
	t.Cleanup(func() {
		loop.Close()
		select {
		case err := <-ran:
			assert.NoError(t, err, "the loop's Run")
		case <-time.After(5 * time.Second):
			t.Error("Run did not return after Close: is its thread stuck?")
		}
	})
	OnLoop(t, loop, func() {})
	return loop
}

// OnLoop runs f on l's thread and waits for it, failing the test if it
// has not run within 5 s.
func OnLoop(t testing.TB, l *switchboard.Loop, f func()) {
	t.Helper()
	done := make(chan struct{})
	require.True(t, l.Post(func() { f(); close(done) }), "the loop is closed")
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the loop did not run a posted func within 5 s: is it stuck?")
	}
}
