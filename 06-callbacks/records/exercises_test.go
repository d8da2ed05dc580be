package records_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/06-callbacks/records"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// Exercise 2 (giveup.go): giving up on the records room.
//   - A room slower than the budget: the lookup hears ErrTooSlow once,
//     at the budget, not at the answer; the connection is closed at
//     once, not left for the room to close; and when the room's answer
//     would have come, nothing more is heard.
//   - A room that hangs up mid-answer, well within the budget: the
//     lookup hears ErrHungUp once, and the budget, when it passes, says
//     nothing more.
//   - And then a lookup on the same loop, which may get the same fd
//     numbers, is answered: nothing of the calls given up is left on
//     the reactor.
func TestExercise2GivingUpHangsUpOnTheRecordsRoomOnce(t *testing.T) {
	r := running(t)
	const delay, budget = time.Second, 100 * time.Millisecond
	slow := room(t, r, delay)
	fast := room(t, r, time.Millisecond)
	before := openFds(t)

	start := time.Now()
	got := lookUp(t, r, records.Call(r, slow, budget), "alice")
	a := first(t, got)
	took := time.Since(start)
	assert.ErrorIs(t, a.err, records.ErrTooSlow, "slower than the budget")
	assert.Less(t, took, delay/2, "heard at the budget, not the answer")
	// Our end closes at once; the room's when it tries to answer. Both
	// ends are this process's: at once, one of the two is gone.
	assert.Eventually(t, func() bool { return openFds(t) <= before+1 },
		delay/4, 5*time.Millisecond, "our end of the call is closed")

	line, halfway := listening(t)
	defer unix.Close(line)
	hungUp := lookUp(t, r, records.Call(r, halfway, budget), "bob")
	c, _, err := unix.Accept(line)
	require.NoError(t, err)
	unix.Write(c, []byte("555-4"))
	unix.Close(c)
	assert.ErrorIs(t, first(t, hungUp).err, records.ErrHungUp,
		"hanging up mid-answer")

	time.Sleep(delay + budget)
	on(t, r, func() {})
	assert.Empty(t, got, "slower than the budget: done heard twice")
	assert.Empty(t, hungUp, "hanging up mid-answer: done heard twice")
	settled(t, before+1) // the halfway room's line

	next := first(t, lookUp(t, r, records.Call(r, fast, time.Second), "alice"))
	assert.NoError(t, next.err, "a lookup after those given up")
	assert.Equal(t, phone.Number("alice"), next.number)
}
