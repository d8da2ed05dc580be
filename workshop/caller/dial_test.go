package caller_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

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
	// Sleeps never end early, so these are lower bounds, not guesses,
	// as long as each pair of stamps brackets the operator's sleep.
	// The ring starts when the operator's accept returns, which may
	// be before DialContext returns and Connected is stamped: so the
	// ring is bounded from Dialed, stamped before the dial began.
	// Ringing() itself (from Connected) may rightly be a little less.
	assert.GreaterOrEqual(t, c.PickedUp.Sub(c.Dialed), ring,
		"from dial to pick-up")
	// The lookup starts when the operator has read the name, which
	// the caller writes after it stamped PickedUp.
	assert.GreaterOrEqual(t, c.OnHold(), lookup, "on hold")
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
	// Stamped before the context's clock starts, so the time since it
	// is a lower bound; c.Dialed is stamped after, and is not.
	start := time.Now()
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()

	c := caller.Dial(ctx, addr, "alice")

	assert.Equal(t, caller.Failed, c.Outcome())
	assert.ErrorIs(t, c.Err, context.DeadlineExceeded)
	assert.Equal(t, caller.StageGreeting, stageOf(t, c.Err))
	assert.False(t, c.Connected.IsZero())
	assert.True(t, c.PickedUp.IsZero())
	assert.Zero(t, c.Ringing(), "never picked up: no ringing time")
	assert.GreaterOrEqual(t, time.Since(start), 100*time.Millisecond)
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

// listenWithNoRoom listens on a loopback port with a backlog of 0: the
// kernel then queues one connection for accept(2) and drops the SYN of
// any other until that one is taken. Go's net.Listen cannot ask for a
// backlog, so this is the raw socket.
func listenWithNoRoom(t *testing.T) (net.Listener, string) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC,
		0)
	require.NoError(t, err)
	sa := &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}
	require.NoError(t, unix.Bind(fd, sa))
	require.NoError(t, unix.Listen(fd, 0))
	f := os.NewFile(uintptr(fd), "listener")
	defer f.Close() // FileListener keeps a copy of its own
	l, err := net.FileListener(f)
	require.NoError(t, err)
	t.Cleanup(func() { l.Close() })
	return l, l.Addr().String()
}

func TestASYNDroppedByAFullBacklogIsConnectTimeNotRinging(t *testing.T) {
	l, addr := listenWithNoRoom(t)
	// The first caller fills the backlog's one place...
	first, err := net.DialTimeout("tcp", addr, 5*time.Second)
	require.NoError(t, err)
	defer first.Close()
	// ...so the second caller's SYN is dropped, and its kernel sends
	// it again after the initial retransmission timeout, one second.
	second := make(chan caller.Call, 1)
	ctx := soon(t)
	go func() { second <- caller.Dial(ctx, addr, "alice") }()
	// Only once the kernel shows it waiting to send its SYN again does
	// the operator start: a slow machine cannot let it in early.
	port := l.Addr().(*net.TCPAddr).Port
	require.Eventually(t, func() bool { return synSentTo(port) },
		5*time.Second, 10*time.Millisecond,
		"the second caller should be stuck in SYN-SENT")
	go func() { // the operator comes to work, and takes every call
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() { defer c.Close(); answering(0)(c) }()
		}
	}()

	var c caller.Call
	select {
	case c = <-second:
	case <-time.After(15 * time.Second):
		t.Fatal("the second caller never finished its call")
	}
	require.NoError(t, c.Err)
	// Kernel timers fire late, never early; 100 ms is for the tick.
	assert.GreaterOrEqual(t, c.Connect(), 900*time.Millisecond,
		"the retried SYN is inside connect")
	// Once connected, the operator was already at work: it rang for
	// a moment, far less than the second it took to connect.
	assert.Less(t, c.Ringing(), c.Connect()/3,
		"the wait for the SYN retry is not ringing")
}

// synSentTo says whether a socket on this machine is in SYN-SENT to
// the loopback port: a connect whose SYN got no answer yet. On
// loopback a SYN that was not dropped is answered at once, so this is
// a dropped SYN.
func synSentTo(port int) bool {
	table, err := os.ReadFile("/proc/net/tcp")
	if err != nil {
		return false // and the test says what it waited for
	}
	// Each line: sl local_address rem_address st ...; an address is
	// the IPv4 word in hex as the (little-endian) machine stores it,
	// then the port; state 02 is SYN-SENT.
	remote := fmt.Sprintf("0100007F:%04X", port)
	for line := range strings.Lines(string(table)) {
		f := strings.Fields(line)
		if len(f) > 3 && f[2] == remote && f[3] == "02" {
			return true
		}
	}
	return false
}
