package switchboard

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// select(2) cannot watch fd 1024 or beyond: Watch refuses it, and the
// wait goes on for the others. poll(2) has no such wall.
func TestSelectRefusesFd1024AndBeyondAndPollDoesNot(t *testing.T) {
	needsExercises(t)
	op, caller := phonetest.SocketPair(t, unix.SOCK_NONBLOCK)
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

// Every poller rounds its timeout up, so a wait never ends before the
// timer it waits for is due, and clamps it to MaxWait, so a long one
// (-idle 1000h) does not wrap: poll and epoll in milliseconds, select
// in microseconds.
func TestThePollersRoundTheirTimeoutUpAndClampIt(t *testing.T) {
	assert.Equal(t, -1, Millis(-1), "no timeout")
	assert.Equal(t, 0, Millis(0))
	assert.Equal(t, 1, Millis(time.Nanosecond))
	assert.Equal(t, 3, Millis(2*time.Millisecond+time.Nanosecond))
	assert.Equal(t, math.MaxInt32, Millis(1000*time.Hour))

	assert.Nil(t, timeval(-1), "no timeout")
	assert.Equal(t, unix.Timeval{Usec: 2001},
		*timeval(2*time.Millisecond + time.Nanosecond))
	assert.Equal(t, unix.Timeval{Sec: 3}, *timeval(3 * time.Second))
	long := timeval(1000 * time.Hour)
	assert.Equal(t, MaxWait, time.Duration(long.Nano()))
}
