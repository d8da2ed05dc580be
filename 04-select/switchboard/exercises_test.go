package switchboard

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/workshop/phone"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// The exercises are tested without the loop: poll's answer is made up
// by hand, the timers get their clock from the test, and say writes to
// a socket pair.

// Exercise 1 (your poll_events_exercise.go): every entry poll marked
// ready becomes one event, a hang-up included, and nothing of the last
// wait is left.
func TestExercise1PollReportsEveryReadyLineAndEveryHangUp(t *testing.T) {
	p := &Poll{fds: []unix.PollFd{
		{Fd: 5, Events: unix.POLLIN, Revents: unix.POLLIN},
		{Fd: 6, Events: unix.POLLOUT}, // not ready
		{Fd: 7, Events: unix.POLLOUT, Revents: unix.POLLHUP},
		{Fd: -1, Events: 0}, // on hold: poll skips it
		{Fd: 8, Events: unix.POLLIN, Revents: unix.POLLERR},
		{Fd: 9, Events: unix.POLLIN | unix.POLLOUT,
			Revents: unix.POLLOUT},
	}}
	// What the last wait found, in the slice the loop reuses.
	last := []Event{{Fd: 3, Ready: Readable}, {Fd: 4, Ready: Writable}}
	got := p.collect(4, last)
	assert.Equal(t, []Event{
		{Fd: 5, Ready: Readable},
		{Fd: 7, Ready: Writable}, // hung up while we waited to write
		{Fd: 8, Ready: Readable}, // an error ends a wait to read
		{Fd: 9, Ready: Writable},
	}, got)

	// And on a real poll(2): a caller who hangs up is noticed.
	op, caller := phonetest.SocketPair(t, unix.SOCK_NONBLOCK)
	p = NewPoll()
	require.NoError(t, p.Watch(op, Readable))
	unix.Close(caller)
	events, err := p.Wait(time.Second, nil)
	require.NoError(t, err)
	assert.Equal(t, []Event{{Fd: op, Ready: Readable}}, events,
		"the caller hung up: the line reads 0 bytes, it is readable")
}

// Exercise 2 (your timers_due_exercise.go): a timer fires when it is
// due, never before, soonest first; and the wait is as long as the next
// timer.
func TestExercise2TimersFireWhenDueAndNeverBefore(t *testing.T) {
	var ts Timers
	t0 := time.Now()
	ms := func(n int) time.Time {
		return t0.Add(time.Duration(n) * time.Millisecond)
	}
	assert.Equal(t, time.Duration(-1), ts.Until(t0),
		"no timers: wait for the lines alone, without a timeout")

	var fired []string
	note := func(name string) func() {
		return func() { fired = append(fired, name) }
	}
	ts.At(ms(30), note("30"))
	ts.At(ms(10), note("10"))
	ts.At(ms(20), note("20"))
	stopped := ts.At(ms(15), note("15, stopped"))
	require.True(t, ts.Stop(stopped))

	assert.Equal(t, 10*time.Millisecond, ts.Until(t0), "the soonest")
	assert.Equal(t, 0, ts.Fire(ms(5)), "nothing is due at 5 ms")
	assert.Empty(t, fired, "a timer fired before it was due")

	assert.Equal(t, 2, ts.Fire(ms(20)), "10 and 20 are due at 20 ms")
	assert.Equal(t, []string{"10", "20"}, fired, "soonest first")
	assert.Equal(t, 10*time.Millisecond, ts.Until(ms(20)))
	assert.Equal(t, time.Duration(0), ts.Until(ms(45)),
		"a timer already late is due now: wait 0, never less")

	// A fired func may add a timer; one already due fires at once.
	ts.At(ms(40), func() {
		fired = append(fired, "40")
		ts.At(ms(41), note("41, added by 40"))
		ts.At(ms(99), note("99"))
	})
	assert.Equal(t, 3, ts.Fire(ms(50)))
	assert.Equal(t, []string{"10", "20", "30", "40", "41, added by 40"},
		fired)
	assert.Equal(t, 1, ts.Len(), "99 is still to come")
	assert.Equal(t, 49*time.Millisecond, ts.Until(ms(50)))
}

// Exercise 3 (your say_exercise.go): what a line cannot take now is
// kept, and said when it can; the greeting leads to hearing, the answer
// to hanging up.
func TestExercise3SayKeepsWhatTheLineCannotTakeYet(t *testing.T) {
	op, caller := phonetest.SocketPair(t, unix.SOCK_NONBLOCK)
	require.NoError(t, unix.SetsockoptInt(op, unix.SOL_SOCKET,
		unix.SO_SNDBUF, 4096))

	// An answer far longer than the socket's buffer, to a caller who
	// does not read yet.
	long := bytes.Repeat([]byte("0123456789abcdef"), 16<<10)
	c := &call{fd: op, step: answering, out: long}
	require.Equal(t, forWrite, c.say(),
		"the socket's buffer is full: wait until it is writable")
	require.NotEmpty(t, c.out, "what the line could not take is kept")
	require.Less(t, len(c.out), len(long), "the line took a part")

	// The caller reads, slowly; say again each time there is room.
	heard := make(chan []byte, 1)
	go func() { heard <- readAll(caller, 10*time.Second) }()
	next := forWrite
	for deadline := time.Now().Add(10 * time.Second); next == forWrite; {
		require.True(t, time.Now().Before(deadline), "say never finished")
		writable(t, op)
		next = c.say()
	}
	assert.Equal(t, hungUp, next, "all said after the answer: hang up")
	unix.Shutdown(op, unix.SHUT_WR)
	got := <-heard
	assert.Equal(t, len(long), len(got), "every byte arrives")
	assert.True(t, bytes.Equal(long, got), "in order, none twice")

	op, caller = phonetest.SocketPair(t, unix.SOCK_NONBLOCK)
	c = &call{fd: op, step: pickingUp, out: greeting}
	assert.Equal(t, forRead, c.say(), "after the greeting, hear")
	assert.Equal(t, hearing, c.step, "the greeting is said: the call's "+
		"step moves on from picking up to hearing, or the question is "+
		"never heard")
	assert.Empty(t, c.out)
	assert.Equal(t, phone.Greeting, string(readSome(caller)))

	unix.Close(caller)
	c = &call{fd: op, step: answering, out: []byte("alice: 555-7479\n")}
	assert.Equal(t, hungUp, c.say(), "nobody is there to hear it")
}

// writable waits, with poll(2) itself, until fd is writable.
func writable(t *testing.T, fd int) {
	t.Helper()
	pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
	for {
		n, err := unix.Poll(pfd, 5000)
		if err == unix.EINTR {
			continue
		}
		require.NoError(t, err)
		require.Equal(t, 1, n, "the line never had room")
		return
	}
}

// readAll reads fd, a few hundred bytes at a time with pauses, as a
// slow caller does, until EOF or the time is up.
func readAll(fd int, within time.Duration) []byte {
	var got []byte
	buf := make([]byte, 700)
	for deadline := time.Now().Add(within); time.Now().Before(deadline); {
		n, err := unix.Read(fd, buf)
		switch {
		case err == unix.EAGAIN || err == unix.EINTR:
			time.Sleep(time.Millisecond)
		case err != nil || n == 0:
			return got
		default:
			got = append(got, buf[:n]...)
		}
	}
	return got
}

// readSome reads what is in fd now, waiting up to a second for it.
func readSome(fd int) []byte {
	buf := make([]byte, 512)
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); {
		n, err := unix.Read(fd, buf)
		if err == nil && n > 0 {
			return buf[:n]
		}
		time.Sleep(time.Millisecond)
	}
	return nil
}
