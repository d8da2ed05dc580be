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

// The records room answers a name with its number, after its delay,
// through Call; and nothing is left open on either side.
func TestTheRecordsRoomAnswersANameWithItsNumber(t *testing.T) {
	r := running(t)
	addr := room(t, r, 50*time.Millisecond)
	before := openFds(t)
	start := time.Now()
	a := first(t, lookUp(t, r, records.Call(r, addr, 5*time.Second), "alice"))
	require.NoError(t, a.err)
	assert.Equal(t, phone.Number("alice"), a.number)
	assert.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond)
	settled(t, before)
}

// README: "the records room down, slow or hanging up mid-answer: the
// lookup fails, once, and no fd is left open on either side".
func TestTheRecordsRoomDownSlowOrHangingUpFailsTheLookupAndLeaksNoFd(t *testing.T) {
	needsGiveUp(t)
	r := running(t)
	t.Run("down", func(t *testing.T) {
		fd, addr := listening(t)
		unix.Close(fd) // nobody listens there now
		before := openFds(t)
		got := lookUp(t, r, records.Call(r, addr, 5*time.Second), "alice")
		assert.ErrorIs(t, first(t, got).err, records.ErrDown)
		settled(t, before)
		assert.Empty(t, got, "one callback")
	})
	t.Run("slower than the budget", func(t *testing.T) {
		addr := room(t, r, 2*time.Second)
		before := openFds(t)
		got := lookUp(t, r, records.Call(r, addr, 100*time.Millisecond), "alice")
		assert.ErrorIs(t, first(t, got).err, records.ErrTooSlow)
		// The room hears the hang-up when it answers, and closes too.
		time.Sleep(2500 * time.Millisecond)
		settled(t, before)
		assert.Empty(t, got, "one callback, though the answer came")
	})
	t.Run("hanging up mid-answer", func(t *testing.T) {
		fd, addr := listening(t)
		defer unix.Close(fd)
		before := openFds(t)
		got := lookUp(t, r, records.Call(r, addr, 5*time.Second), "alice")
		// A records room that says half a number and hangs up.
		c, _, err := unix.Accept(fd)
		require.NoError(t, err)
		unix.Write(c, []byte("555-7"))
		unix.Close(c)
		assert.ErrorIs(t, first(t, got).err, records.ErrHungUp)
		settled(t, before)
		assert.Empty(t, got, "one callback")
	})
}

// A records room given what is not a name says why, as the phone line
// does, and hangs up; a caller who says nothing is hung up on after
// idle.
func TestTheRecordsRoomTurnsAwayBadLines(t *testing.T) {
	r := running(t)
	fd, addr := listening(t)
	on(t, r, func() {
		rm, err := records.Open(r, fd, time.Millisecond, 200*time.Millisecond, nil)
		require.NoError(t, err)
		t.Cleanup(func() { on(t, r, func() { rm.Close(func() {}) }) })
	})
	for _, c := range []struct{ say, hear string }{
		{"\n", phone.ErrEmpty.Line()},
		{string(make([]byte, phone.MaxLine)), phone.ErrTooLong.Line()},
		{"", ""}, // silent: hung up on after idle
		{"bob\r\n", phone.Number("bob") + "\n"},
	} {
		assert.Equal(t, c.hear, ask(t, addr, c.say), "said %q", c.say)
	}
}

// ask dials addr with a plain blocking socket, says say, and returns
// all it hears until the room hangs up.
func ask(t *testing.T, addr, say string) string {
	t.Helper()
	sa := &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}
	_, port, _ := cutPort(addr)
	sa.Port = port
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	require.NoError(t, err)
	defer unix.Close(fd)
	require.NoError(t, unix.Connect(fd, sa))
	tv := unix.NsecToTimeval(int64(5 * time.Second))
	unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv)
	if say != "" {
		unix.Write(fd, []byte(say))
	}
	var heard []byte
	buf := make([]byte, 512)
	for {
		n, err := unix.Read(fd, buf)
		if err == unix.EINTR {
			continue
		}
		if n <= 0 {
			return string(heard)
		}
		heard = append(heard, buf[:n]...)
	}
}
