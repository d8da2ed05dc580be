package records_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/holdtheline/holdtheline/06-callbacks/records"
)

// Exercise 2 (giveup.go): a records room slower than the budget. The
// lookup hears ErrTooSlow once, at the budget, not at the answer; the
// connection is closed at once, not left for the room to close; and
// when the room's answer would have come, nothing more is heard.
func TestExercise2TheBudgetHangsUpOnTheRecordsRoomOnce(t *testing.T) {
	r := running(t)
	const delay, budget = time.Second, 100 * time.Millisecond
	addr := room(t, r, delay)
	before := openFds(t)
	start := time.Now()
	got := lookUp(t, r, records.Call(r, addr, budget), "alice")
	a := first(t, got)
	took := time.Since(start)
	assert.ErrorIs(t, a.err, records.ErrTooSlow)
	assert.Less(t, took, delay/2, "heard at the budget, not the answer")
	// Our end closed at once; the room's end when it tries to answer.
	// Both ends are this process's: at once, one of the two is gone.
	assert.Eventually(t, func() bool { return openFds(t) <= before+1 },
		delay/4, 5*time.Millisecond, "our end of the call is closed")
	time.Sleep(delay)
	on(t, r, func() {})
	assert.Empty(t, got, "done heard twice")
	settled(t, before)
}
