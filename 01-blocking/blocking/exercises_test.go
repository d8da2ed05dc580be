package blocking

import (
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/workshop/phone"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// Exercise 1 (your listen_exercise.go): the phone is a blocking
// listening socket that a caller can reach.
func TestExercise1ListenInstallsABlockingPhone(t *testing.T) {
	fd, addr, err := Listen("127.0.0.1:0", 8)
	require.NoError(t, err)
	defer unix.Close(fd)

	accepting, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET,
		unix.SO_ACCEPTCONN)
	require.NoError(t, err)
	assert.Equal(t, 1, accepting, "listen(2) was called")
	flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	require.NoError(t, err)
	assert.Zero(t, flags&unix.O_NONBLOCK, "the socket blocks")

	require.NotContains(t, addr, ":0", "the port the kernel picked")
	c, err := net.DialTimeout("tcp", addr, time.Second)
	require.NoError(t, err, "a caller can ring")
	c.Close()

	_, _, err = Listen("127.0.0.1:70000", 8)
	assert.Error(t, err, "a bad address is an error")
}

// Exercise 1: the operator listens on the port it is told, not on any
// free one. (Every other test here asks for port 0.)
func TestExercise1ListenBindsThePortAsked(t *testing.T) {
	port := freePort(t)
	fd, addr, err := Listen("127.0.0.1:"+strconv.Itoa(port), 8)
	require.NoError(t, err)
	defer unix.Close(fd)
	assert.Equal(t, "127.0.0.1:"+strconv.Itoa(port), addr,
		"Listen returns the address it was asked for")
	bound, err := unix.Getsockname(fd)
	require.NoError(t, err)
	require.IsType(t, &unix.SockaddrInet4{}, bound)
	assert.Equal(t, port, bound.(*unix.SockaddrInet4).Port,
		"the socket is bound to the port asked for")
}

// Exercise 1: an operator restarted at once gets its phone back. The
// last day's call leaves a socket on the port in TIME_WAIT (the side
// that hangs up first keeps it for a minute); without SO_REUSEADDR,
// bind(2) then fails with EADDRINUSE.
func TestExercise1ListenRebindsWhileCallsLingerInTimeWait(t *testing.T) {
	port := freePort(t)
	addr := "127.0.0.1:" + strconv.Itoa(port)
	line, _, err := Listen(addr, 8)
	require.NoError(t, err)

	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	require.NoError(t, err)
	call, _, err := unix.Accept(line)
	require.NoError(t, err)
	// The operator hangs up first, as it does on every call, so its
	// side of the call is the one left in TIME_WAIT; then the caller.
	unix.Close(call)
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err = c.Read(make([]byte, 1))
	require.Error(t, err, "the caller hears the hang-up")
	c.Close()
	unix.Close(line)
	require.Eventually(t, func() bool { return timeWaitOn(t, port) },
		5*time.Second, 10*time.Millisecond,
		"the test needs a call in TIME_WAIT on port %d", port)

	line, _, err = Listen(addr, 8)
	require.NoError(t, err,
		"Listen again while a call lingers in TIME_WAIT (SO_REUSEADDR)")
	unix.Close(line)
}

// Exercise 1: backlog is how many callers may ring. With nobody
// picking up, Linux lets backlog+1 callers connect (it drops a SYN
// only once more than backlog are queued), and drops the SYN of the
// next: that connect does not complete. Two backlogs, so that no
// fixed number passes both.
func TestExercise1ListenQueuesBacklogCallersAndNoMore(t *testing.T) {
	for _, backlog := range []int{1, 3} {
		line, addr, err := Listen("127.0.0.1:0", backlog)
		require.NoError(t, err)
		port, err := strconv.Atoi(addr[strings.LastIndex(addr, ":")+1:])
		require.NoError(t, err)

		connected := ringUntilDropped(t, port, backlog+5)
		unix.Close(line)
		assert.Equal(t, backlog+1, connected,
			"with backlog %d and nobody picking up, callers connected",
			backlog)
	}
}

// ringUntilDropped connects to the loopback port one caller at a time,
// until a connect does not complete (its SYN was dropped: a dropped
// SYN is sent again only after a second, and dropped again while
// nobody picks up) or most callers have connected. It returns how many
// connected. On loopback a handshake completes within the connect
// call itself, so 300 ms is a wide margin.
func ringUntilDropped(t *testing.T, port, most int) int {
	for n := 0; n < most; n++ {
		fd, err := unix.Socket(unix.AF_INET,
			unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
		require.NoError(t, err)
		t.Cleanup(func() { unix.Close(fd) })
		err = unix.Connect(fd, &unix.SockaddrInet4{Port: port,
			Addr: [4]byte{127, 0, 0, 1}})
		if err != nil && err != unix.EINPROGRESS {
			require.NoError(t, err, "connect")
		}
		if !connectsWithin(t, fd, 300*time.Millisecond) {
			return n
		}
	}
	return most
}

// connectsWithin waits up to d for a non-blocking connect on fd to
// complete, and says whether it did.
func connectsWithin(t *testing.T, fd int, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return false
		}
		pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
		n, err := unix.Poll(pfd, int(left.Milliseconds())+1)
		if err == unix.EINTR {
			continue
		}
		require.NoError(t, err, "poll")
		if n == 0 {
			return false
		}
		soErr, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ERROR)
		require.NoError(t, err)
		require.Zero(t, soErr, "connect failed: %v", unix.Errno(soErr))
		return true
	}
}

// freePort asks the kernel for a loopback port nobody uses now.
func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// timeWaitOn says whether a TCP socket on the loopback port is in
// TIME_WAIT (state 06 in /proc/net/tcp).
func timeWaitOn(t *testing.T, port int) bool {
	table, err := os.ReadFile("/proc/net/tcp")
	require.NoError(t, err)
	local := fmt.Sprintf("0100007F:%04X", port)
	for line := range strings.Lines(string(table)) {
		f := strings.Fields(line)
		if len(f) > 3 && f[1] == local && f[3] == "06" {
			return true
		}
	}
	return false
}

// Exercise 2 (your question_exercise.go): ReadQuestion hears a question
// sent in pieces, and every way a question can go wrong.
func TestExercise2ReadQuestionHearsTheCaller(t *testing.T) {
	soon := func() time.Time { return time.Now().Add(2 * time.Second) }

	op, caller := phonetest.SocketPair(t, 0)
	go func() {
		for _, piece := range []string{" Grace", " Hop", "per\r\n"} {
			unix.Write(caller, []byte(piece))
			time.Sleep(20 * time.Millisecond)
		}
	}()
	r := readQuestion(t, op, soon(), 5*time.Second)
	require.NoError(t, r.err)
	assert.Equal(t, "Grace Hopper", r.name)

	op, caller = phonetest.SocketPair(t, 0)
	unix.Write(caller, []byte(strings.Repeat("x", 300)))
	r = readQuestion(t, op, soon(), 5*time.Second)
	assert.Equal(t, phone.ErrTooLong, r.err)

	op, caller = phonetest.SocketPair(t, 0)
	unix.Write(caller, []byte(" \r\n"))
	r = readQuestion(t, op, soon(), 5*time.Second)
	assert.Equal(t, phone.ErrEmpty, r.err)

	op, caller = phonetest.SocketPair(t, 0)
	unix.Write(caller, []byte("alice"))
	unix.Shutdown(caller, unix.SHUT_WR)
	r = readQuestion(t, op, soon(), 5*time.Second)
	assert.Equal(t, ErrHungUp, r.err)
}

// Exercise 2: the deadline is the caller's whole time to ask, however
// the question comes. A silent caller is cut off at the deadline, not
// before; a caller who sends a byte every 50 ms (each read returns
// well before any timeout) is cut off at the deadline too, not when
// the 256 bytes run out 13 s later.
func TestExercise2ReadQuestionWaitsUntilTheDeadline(t *testing.T) {
	const idle = 600 * time.Millisecond
	// The kernel's timer may end a read up to a tick (4 ms at 250 Hz)
	// before the timeout: 50 ms is a wide margin below. Above, 1.5 s
	// is for a busy machine.
	const early, late = 50 * time.Millisecond, 1500 * time.Millisecond

	op, _ := phonetest.SocketPair(t, 0)
	deadline := time.Now().Add(idle)
	r := readQuestion(t, op, deadline, 10*time.Second)
	assert.Equal(t, phone.ErrTooSlow, r.err, "a silent caller")
	assert.False(t, r.at.Before(deadline.Add(-early)),
		"a silent caller was cut off %v before the deadline",
		deadline.Sub(r.at))
	assert.False(t, r.at.After(deadline.Add(late)),
		"a silent caller was cut off %v after the deadline",
		r.at.Sub(deadline))

	op, caller := phonetest.SocketPair(t, 0)
	stop := make(chan struct{})
	defer close(stop)
	go func() { // a caller who never gets to the point
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				unix.Write(caller, []byte("m"))
			}
		}
	}()
	deadline = time.Now().Add(idle)
	r = readQuestion(t, op, deadline, 20*time.Second)
	assert.Equal(t, phone.ErrTooSlow, r.err, "a caller who dawdles")
	assert.False(t, r.at.Before(deadline.Add(-early)),
		"a dawdling caller was cut off %v before the deadline",
		deadline.Sub(r.at))
	assert.False(t, r.at.After(deadline.Add(late)),
		"a dawdling caller was cut off %v after the deadline",
		r.at.Sub(deadline))
}

// Exercise 2: a read cut short by a signal (EINTR) is read again. The
// test makes the signals itself: the reader keeps to one OS thread,
// and the test sends that thread SIGURG (the signal Go's runtime uses
// to preempt goroutines, and ignores otherwise) every millisecond
// while the caller takes 300 ms to ask.
func TestExercise2ReadQuestionReadsAgainAfterASignal(t *testing.T) {
	// First, that the signals really interrupt a read with a timeout
	// on this kernel: otherwise this test would prove nothing.
	op, caller := phonetest.SocketPair(t, 0)
	saw := make(chan error, 1)
	tid := onItsOwnThread(t, func() {
		tv := unix.Timeval{Sec: 5}
		unix.SetsockoptTimeval(op, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv)
		_, err := unix.Read(op, make([]byte, 8))
		saw <- err
	})
	require.Equal(t, unix.EINTR, signalUntil(t, tid, saw, 5*time.Second),
		"SIGURG should interrupt a read(2) that has SO_RCVTIMEO set")

	op, caller = phonetest.SocketPair(t, 0)
	done := make(chan result, 1)
	deadline := time.Now().Add(5 * time.Second)
	tid = onItsOwnThread(t, func() {
		name, err := ReadQuestion(op, deadline)
		done <- result{name: name, err: err}
	})
	go func() {
		time.Sleep(300 * time.Millisecond)
		unix.Write(caller, []byte("alice\n"))
	}()
	r := signalUntil(t, tid, done, 10*time.Second)
	require.NoError(t, r.err, "a signal is not the caller's fault")
	assert.Equal(t, "alice", r.name)
}

// Exercise 2: a deadline that has just come, or is a microsecond
// away, is "too slow" (or a read that waits out what is left), never
// "wait forever". A timeval of zero in SO_RCVTIMEO means no timeout at
// all; unix.NsecToTimeval gives zero from 2 µs past the deadline up to
// the deadline, and a timeval made by truncating gives it under 1 µs
// before. The caller is silent, so a read with a zero timeval never
// returns. Deadlines from 2 µs before the call to 3 µs after, 10 ns
// apart, so that some of them are in that window when ReadQuestion
// looks at the clock. A ReadQuestion that waits out a deadline 3 µs
// away may take a kernel tick (1 to 10 ms) to do it; one that takes
// 2 s is waiting forever.
func TestExercise2ReadQuestionNeverTurnsADeadlineIntoForever(t *testing.T) {
	const forever = 2 * time.Second
	op, _ := phonetest.SocketPair(t, 0)
	returned := make(chan error, 1)
	go func() {
		for i := range 500 {
			ahead := time.Duration(i*10-2000) * time.Nanosecond
			_, err := ReadQuestion(op, time.Now().Add(ahead))
			if err != phone.ErrTooSlow {
				returned <- fmt.Errorf("deadline %v away: %v", ahead, err)
				return
			}
			returned <- nil
		}
		close(returned)
	}()
	for {
		select {
		case err, more := <-returned:
			if !more {
				return
			}
			require.NoError(t, err, "every deadline that came is too slow")
		case <-time.After(forever):
			// Wake the read that waits forever, so the test can end.
			unix.Shutdown(op, unix.SHUT_RDWR)
			t.Fatalf("ReadQuestion waited %v for a silent caller when "+
				"the deadline was a moment away: a zero SO_RCVTIMEO "+
				"means wait forever", forever)
		}
	}
}

// A result is what ReadQuestion returned, and when.
type result struct {
	name string
	err  error
	at   time.Time
}

// readQuestion runs ReadQuestion on op with deadline, and gives it at
// most limit: a ReadQuestion that never returns fails the test rather
// than hanging it. Shutting the socket down wakes the read.
func readQuestion(t *testing.T, op int, deadline time.Time,
	limit time.Duration) result {
	t.Helper()
	done := make(chan result, 1)
	go func() {
		name, err := ReadQuestion(op, deadline)
		done <- result{name: name, err: err, at: time.Now()}
	}()
	select {
	case r := <-done:
		return r
	case <-time.After(limit):
		unix.Shutdown(op, unix.SHUT_RDWR)
		<-done
		t.Fatalf("ReadQuestion did not return within %v (deadline %v)",
			limit, time.Until(deadline).Round(time.Millisecond))
		return result{}
	}
}

// onItsOwnThread runs f in a goroutine locked to one OS thread, and
// returns that thread's id, so a test can signal exactly that thread.
func onItsOwnThread(t *testing.T, f func()) int {
	tids := make(chan int)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		tids <- unix.Gettid()
		f()
	}()
	return <-tids
}

// signalUntil sends SIGURG to thread tid every millisecond until done
// has a value, and returns it; it fails the test after limit.
func signalUntil[T any](t *testing.T, tid int, done <-chan T,
	limit time.Duration) T {
	t.Helper()
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	timeout := time.After(limit)
	for {
		select {
		case v := <-done:
			return v
		case <-timeout:
			var zero T
			t.Fatalf("no answer within %v while signalling thread %d",
				limit, tid)
			return zero
		case <-tick.C:
			unix.Tgkill(unix.Getpid(), tid, unix.SIGURG)
		}
	}
}
