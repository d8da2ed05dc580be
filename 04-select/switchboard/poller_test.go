package switchboard

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// Both pollers report a line ready for what it is watched for, and
// nothing else: no interest, no event; forgotten, no event; and a
// caller who hangs up on a line watched for nothing does not wake the
// wait at all, so a call on hold cannot make the loop spin.
func TestBothPollersReportWhatALineIsWatchedFor(t *testing.T) {
	needsExercises(t)
	for name, newPoller := range pollers {
		t.Run(name, func(t *testing.T) {
			p := newPoller()
			defer p.Close()
			op, caller := socketPair(t)
			wait := func(timeout time.Duration) []Event {
				t.Helper()
				events, err := p.Wait(timeout, nil)
				require.NoError(t, err)
				return events
			}

			require.NoError(t, p.Watch(op, Readable))
			assert.Empty(t, wait(0), "nothing said yet")
			unix.Write(caller, []byte("alice\n"))
			assert.Equal(t, []Event{{op, Readable}}, wait(time.Second))

			require.NoError(t, p.Watch(op, Readable|Writable))
			assert.Equal(t, []Event{{op, Readable | Writable}},
				wait(time.Second))

			require.NoError(t, p.Watch(op, 0))
			start := time.Now()
			assert.Empty(t, wait(50*time.Millisecond), "watched for nothing")
			assert.GreaterOrEqual(t, time.Since(start),
				40*time.Millisecond, "the wait lasts its timeout")

			unix.Close(caller)
			start = time.Now()
			assert.Empty(t, wait(50*time.Millisecond),
				"a hang-up on a line on hold does not wake the wait")
			assert.GreaterOrEqual(t, time.Since(start),
				40*time.Millisecond, "the wait lasts its timeout")

			require.NoError(t, p.Watch(op, Writable))
			assert.Equal(t, []Event{{op, Writable}}, wait(time.Second),
				"a hang-up ends a wait to write")

			require.NoError(t, p.Forget(op))
			assert.Empty(t, wait(0), "forgotten")
			assert.Error(t, p.Forget(op), "forgotten twice")
		})
	}
}

// select(2) cannot watch fd 1024 or beyond: Watch refuses it, and the
// wait goes on for the others. poll(2) has no such wall.
func TestSelectRefusesFd1024AndBeyondAndPollDoesNot(t *testing.T) {
	needsExercises(t)
	op, caller := socketPair(t)
	far, err := unix.FcntlInt(uintptr(op), unix.F_DUPFD_CLOEXEC, 1500)
	require.NoError(t, err, "an fd at 1500 or above")
	defer unix.Close(far)
	unix.Write(caller, []byte("alice\n"))

	s := NewSelect()
	err = s.Watch(far, Readable)
	assert.True(t, errors.Is(err, ErrOutOfReach), "select: %v", err)
	assert.True(t, errors.Is(s.Watch(fdSetSize, Readable), ErrOutOfReach))
	require.NoError(t, s.Watch(fdSetSize-1, 0), "fd 1023 is the last")
	require.NoError(t, s.Forget(fdSetSize-1))
	require.NoError(t, s.Watch(op, Readable))
	events, err := s.Wait(time.Second, nil)
	require.NoError(t, err)
	assert.Equal(t, []Event{{op, Readable}}, events)

	p := NewPoll()
	require.NoError(t, p.Watch(far, Readable))
	events, err = p.Wait(time.Second, nil)
	require.NoError(t, err)
	assert.Equal(t, []Event{{far, Readable}}, events)
}

// A wait fills the slice it is given, so the loop allocates no events.
func TestAWaitReusesTheLoopsSlice(t *testing.T) {
	needsExercises(t)
	for name, newPoller := range pollers {
		t.Run(name, func(t *testing.T) {
			p := newPoller()
			op, caller := socketPair(t)
			unix.Write(caller, []byte("x"))
			require.NoError(t, p.Watch(op, Readable))
			events := make([]Event, 0, 8)
			allocs := testing.AllocsPerRun(100, func() {
				events, _ = p.Wait(0, events)
			})
			assert.Equal(t, []Event{{op, Readable}}, events)
			assert.Zero(t, allocs, "allocations per wait")
		})
	}
}
