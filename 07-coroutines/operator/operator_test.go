package operator

import (
	"errors"
	"io"
	"net"
	"runtime/debug"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/05-epoll/epoll"
	"github.com/holdtheline/holdtheline/06-callbacks/reactor"
	"github.com/holdtheline/holdtheline/06-callbacks/records"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// README: "a caller who hangs up on hold ends their coroutine, and
// leaks nothing". The records room never answers; the caller resets
// the line while on hold. Their coroutine ends where it is parked, in
// the records-room call: its deferred closes run, so the records room
// hears the hang-up, and the process has the fds it had before.
func TestACallerWhoHangsUpOnHoldEndsTheCoroutineAndLeaksNothing(t *testing.T) {
	roomHeard := make(chan error, 1)
	room := fakeRoom(t, func(c net.Conn, name string) {
		defer c.Close()
		_, err := c.Read(make([]byte, 1)) // until our side closes
		roomHeard <- err
	})
	od := startCoroutines(t, Desk{Records: room, Budget: time.Hour,
		Idle: time.Minute})
	before := openFDs(t)
	c, _ := call(t, od.addr, "alice")
	require.Eventually(t, func() bool { return od.alive(t) == 2 },
		5*time.Second, 10*time.Millisecond, "the call is on hold")
	c.SetLinger(0) // reset, as a caller whose phone died
	c.Close()
	assert.Eventually(t, func() bool { return od.alive(t) == 1 },
		5*time.Second, 10*time.Millisecond, "only the receptionist left")
	select {
	case err := <-roomHeard:
		assert.ErrorIs(t, err, io.EOF, "the records room heard a hang-up")
	case <-time.After(5 * time.Second):
		t.Fatal("the records-room call was left open")
	}
	assert.Eventually(t, func() bool { return openFDs(t) <= before },
		5*time.Second, 10*time.Millisecond, "fds back to where they were")
	assert.Empty(t, od.logged(), "a hang-up is no failure")
}

// README: "the error 06 lost". The records room says "555-" and hangs
// up mid-answer. Chapter 06's records.Call hears it in a callback
// whose stack is the loop's and whose error knows nothing of the
// caller. Our coroutine hears it in AskRoom, under Ask and Answer: the
// error says which caller asked for whom, and the stack shows the call
// (Answer, then Ask, where the stack is taken).
func TestTheRecordsRoomHangingUpSaysWhoAsked(t *testing.T) {
	room := fakeRoom(t, func(c net.Conn, name string) {
		c.Write([]byte("555-"))
		c.Close()
	})

	// 06: records.Call, on a reactor of its own.
	p, err := epoll.New(epoll.Level)
	require.NoError(t, err)
	loop, err := switchboard.NewLoop(p)
	require.NoError(t, err)
	r := reactor.New(loop)
	type heard struct {
		err   error
		stack string
	}
	got06 := make(chan heard, 1)
	loop.Post(func() {
		records.Call(r, room, 5*time.Second)("alice",
			func(_ string, err error) {
				got06 <- heard{err, string(debug.Stack())}
				loop.Close()
			})
	})
	go loop.Run()
	var h06 heard
	select {
	case h06 = <-got06:
	case <-time.After(10 * time.Second):
		loop.Close()
		t.Fatal("06's records.Call never called back")
	}

	// 07: the same records room, asked from a call's coroutine.
	od := startCoroutines(t, Desk{Records: room, Budget: 5 * time.Second,
		Idle: time.Minute, Stacks: true})
	c, r07 := call(t, od.addr, "alice")
	reply, _ := r07.ReadString('\n')
	assert.Equal(t, phone.ErrLookupFailed.Line(), reply)
	require.Eventually(t, func() bool { return len(od.logged()) == 1 },
		5*time.Second, 10*time.Millisecond)
	err07 := od.logged()[0]
	var f *Failure
	require.True(t, errors.As(err07, &f))

	t.Logf("06, the error: %v", h06.err)
	t.Logf("06, the stack where it is heard:\n%s", h06.stack)
	t.Logf("07, the error: %v", f.Err)
	t.Logf("07, the stack where it is heard:\n%s", f.Stack)

	assert.ErrorIs(t, h06.err, records.ErrHungUp)
	assert.NotContains(t, h06.err.Error(), "alice", "06 knows whom for")
	assert.NotContains(t, h06.stack, "Answer")
	assert.ErrorIs(t, err07, records.ErrHungUp)
	assert.Contains(t, f.Err.Error(), `asked for "alice"`)
	assert.Contains(t, f.Err.Error(), c.LocalAddr().String(),
		"which caller asked")
	for _, frame := range []string{"operator.Answer(", "operator.Ask("} {
		assert.Contains(t, string(f.Stack), frame)
	}
}
