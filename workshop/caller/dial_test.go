package caller_test

import (
	"context"
	"errors"
	"net"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/caller"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// soon bounds a test's call: far longer than any test needs, so it
// never decides a result, only stops a broken test from hanging.
func soon(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// stageOf returns the stage a call's error names.
func stageOf(t *testing.T, err error) caller.Stage {
	var se *caller.StageError
	require.ErrorAs(t, err, &se)
	return se.Stage
}

func TestDialRecordsRingingAndHoldInOrder(t *testing.T) {
	ring, lookup := 50*time.Millisecond, 100*time.Millisecond
	addr := serveT(t, operator(ring, lookup, phone.Answer))

	c := caller.Dial(soon(t), addr, "Grace Hopper")

	require.NoError(t, c.Err)
	assert.Equal(t, caller.Answered, c.Outcome())
	assert.Equal(t, "Grace Hopper: 555-5803", c.Reply)
	assert.False(t, c.Dialed.After(c.Connected))
	assert.False(t, c.Connected.After(c.PickedUp))
	assert.False(t, c.PickedUp.After(c.Answered))
	// Sleeps never end early: these are lower bounds, not guesses.
	assert.GreaterOrEqual(t, c.Ringing(), ring)
	assert.GreaterOrEqual(t, c.OnHold(), lookup)
}

func TestDialChecksTheAnswerForTheTrimmedName(t *testing.T) {
	c := caller.Dial(soon(t), serveT(t, answering(0)), "  alice \r")
	require.NoError(t, c.Err)
	assert.Equal(t, "alice: 555-7479", c.Reply)
}

func TestABusyOperatorPicksUpOnlyToSayBusy(t *testing.T) {
	addr := serveT(t, saying(phone.ErrBusy.Line()))

	c := caller.Dial(soon(t), addr, "alice")

	assert.Equal(t, caller.Busy, c.Outcome())
	assert.ErrorIs(t, c.Err, phone.ErrBusy)
	assert.Equal(t, caller.StageGreeting, stageOf(t, c.Err))
	assert.Equal(t, "error: busy", c.Reply)
	assert.False(t, c.PickedUp.IsZero(), "saying busy is picking up")
	assert.True(t, c.Answered.IsZero())
	assert.Zero(t, c.OnHold())
}

func TestAnErrorLineAfterTheQuestionIsARefusal(t *testing.T) {
	tooSlow := func(string) string { return phone.ErrTooSlow.Line() }
	addr := serveT(t, operator(0, 0, tooSlow))

	c := caller.Dial(soon(t), addr, "alice")

	assert.Equal(t, caller.Refused, c.Outcome())
	assert.ErrorIs(t, c.Err, phone.ErrTooSlow)
	assert.Equal(t, caller.StageReply, stageOf(t, c.Err))
	assert.Equal(t, "error: too slow", c.Reply)
	assert.False(t, c.Answered.IsZero())
}

func TestAWrongNumberIsAFailure(t *testing.T) {
	for _, wrong := range []string{
		"alice: 555-0000\n", // alice is 555-7479
		"bob: 555-4244\n",   // right number, wrong name
	} {
		addr := serveT(t, operator(0, 0,
			func(string) string { return wrong }))

		c := caller.Dial(soon(t), addr, "alice")

		assert.Equal(t, caller.Failed, c.Outcome(), wrong)
		assert.ErrorIs(t, c.Err, caller.ErrWrongNumber)
		assert.Equal(t, caller.StageReply, stageOf(t, c.Err))
		assert.Equal(t, wrong[:len(wrong)-1], c.Reply)
	}
}

func TestALineThatIsNotTheProtocolIsAFailure(t *testing.T) {
	cases := []struct {
		what    string
		handle  func(net.Conn)
		stage   caller.Stage
		because error
	}{
		{"another greeting", saying("hello?\n"),
			caller.StageGreeting, caller.ErrNotAGreeting},
		{"a greeting with CRLF", saying("operator: who would you " +
			"like to reach?\r\n"),
			caller.StageGreeting, caller.ErrNotAGreeting},
		{"an endless greeting", saying(string(make([]byte, 4096))),
			caller.StageGreeting, caller.ErrLineTooLong},
		{"gibberish for a reply", operator(0, 0,
			func(string) string { return "555-7479\n" }),
			caller.StageReply, caller.ErrNotAReply},
		{"more after the answer", operator(0, 0,
			func(n string) string {
				return phone.Answer(n) + "bye\n"
			}),
			caller.StageHangUp, caller.ErrKeptTalking},
	}
	for _, tc := range cases {
		t.Run(tc.what, func(t *testing.T) {
			c := caller.Dial(soon(t), serveT(t, tc.handle), "alice")
			assert.Equal(t, caller.Failed, c.Outcome())
			assert.ErrorIs(t, c.Err, tc.because)
			assert.Equal(t, tc.stage, stageOf(t, c.Err))
		})
	}
}

func TestAnOperatorWhoHangsUpIsAFailure(t *testing.T) {
	cases := []struct {
		what   string
		handle func(net.Conn)
		stage  caller.Stage
	}{
		{"without a word", func(net.Conn) {}, caller.StageGreeting},
		{"mid-greeting", saying("operator: who"), caller.StageGreeting},
		{"after the greeting", saying(phone.Greeting),
			caller.StageReply},
	}
	for _, tc := range cases {
		t.Run(tc.what, func(t *testing.T) {
			c := caller.Dial(soon(t), serveT(t, tc.handle), "alice")
			assert.Equal(t, caller.Failed, c.Outcome())
			assert.Equal(t, tc.stage, stageOf(t, c.Err))
			// Hanging up on the question unread may reset the
			// line instead of ending it with EOF.
			if !errors.Is(c.Err, syscall.ECONNRESET) {
				assert.ErrorIs(t, c.Err, caller.ErrHungUpEarly)
			}
			assert.True(t, c.Answered.IsZero())
		})
	}
}

func TestASilentOperatorTimesOutWithTheContext(t *testing.T) {
	var hungUp atomic.Int64
	addr := serveT(t, silent(&hungUp))
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()

	c := caller.Dial(ctx, addr, "alice")

	assert.Equal(t, caller.Failed, c.Outcome())
	assert.ErrorIs(t, c.Err, context.DeadlineExceeded)
	assert.Equal(t, caller.StageGreeting, stageOf(t, c.Err))
	assert.False(t, c.Connected.IsZero())
	assert.True(t, c.PickedUp.IsZero())
	assert.Zero(t, c.Ringing(), "never picked up: no ringing time")
	assert.GreaterOrEqual(t, time.Since(c.Dialed), 100*time.Millisecond)
	// The caller hung up its end: the operator saw it go.
	assert.Eventually(t, func() bool { return hungUp.Load() == 1 },
		5*time.Second, 10*time.Millisecond)
}

func TestDialingNobodyFailsAtDial(t *testing.T) {
	addr, stop := serve(answering(0), false)
	stop() // the port is free now, and nobody listens on it

	c := caller.Dial(soon(t), addr, "alice")

	assert.Equal(t, caller.Failed, c.Outcome())
	assert.Equal(t, caller.StageDial, stageOf(t, c.Err))
	assert.ErrorIs(t, c.Err, syscall.ECONNREFUSED)
	assert.True(t, c.Connected.IsZero())
	assert.Contains(t, c.Err.Error(), "dial: ")
}

func TestOutcomesHaveNames(t *testing.T) {
	assert.Equal(t, "answered", caller.Answered.String())
	assert.Equal(t, "busy", caller.Busy.String())
	assert.Equal(t, "refused", caller.Refused.String())
	assert.Equal(t, "failed", caller.Failed.String())
	assert.Equal(t, "Outcome(0)", caller.Outcome(0).String())
	assert.Equal(t, caller.Failed, caller.Call{}.Outcome(),
		"a call never made is not answered")
}
