package switchboard

import (
	"context"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/workshop/caller"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// A recorder is a Poller that notes every call the loop makes on it,
// and from which OS thread, before passing it on.
type recorder struct {
	Poller
	mu      sync.Mutex
	watches []Event // fd and interest of every Watch, in order
	threads map[int]int
	closed  int // Close calls
}

func (r *recorder) Close() error {
	r.mu.Lock()
	r.closed++
	r.mu.Unlock()
	return r.Poller.Close()
}

func (r *recorder) note() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.threads == nil {
		r.threads = map[int]int{}
	}
	r.threads[unix.Gettid()]++
}

func (r *recorder) Watch(fd int, want Interest) error {
	r.note()
	r.mu.Lock()
	r.watches = append(r.watches, Event{fd, want})
	r.mu.Unlock()
	return r.Poller.Watch(fd, want)
}

func (r *recorder) Forget(fd int) error {
	r.note()
	r.mu.Lock()
	r.watches = append(r.watches, Event{fd, 255}) // forgotten
	r.mu.Unlock()
	return r.Poller.Forget(fd)
}

func (r *recorder) Wait(d time.Duration, ev []Event) ([]Event, error) {
	r.note()
	return r.Poller.Wait(d, ev)
}

// serving starts a switchboard on a free port with p and returns it
// and its address. It is closed when the test ends.
func serving(t *testing.T, lookup time.Duration, p Poller) (*Switchboard,
	string, *served) {
	t.Helper()
	line, addr, err := blocking.Listen("127.0.0.1:0", 128)
	require.NoError(t, err)
	sb, err := New(line, Options{Lookup: lookup, Idle: 2 * time.Second,
		Poller: p})
	require.NoError(t, err)
	return sb, addr, serve(t, sb)
}

// serve runs sb's Serve until the test ends.
func serve(t *testing.T, sb *Switchboard) *served {
	s := &served{done: make(chan struct{})}
	go func() {
		s.err = sb.Serve()
		close(s.done)
	}()
	t.Cleanup(func() {
		sb.Close()
		_, ok := s.wait(5 * time.Second)
		assert.True(t, ok, "Serve did not return after Close")
	})
	return s
}

// served is what Serve returned, once it has.
type served struct {
	done chan struct{}
	err  error
}

// wait waits up to timeout for Serve to return.
func (s *served) wait(timeout time.Duration) (err error, returned bool) {
	select {
	case <-s.done:
		return s.err, true
	case <-time.After(timeout):
		return nil, false
	}
}

// The loop tells the poller only what changes: no Watch repeats the
// interest a line already has (chapter 05's epoll makes no
// EPOLL_CTL_MOD that changes nothing). And every call on the poller
// comes from the loop's one OS thread.
func TestTheLoopTellsThePollerOnlyWhatChanges(t *testing.T) {
	needsExercises(t)
	rec := &recorder{Poller: NewPoll()}
	sb, addr, _ := serving(t, 50*time.Millisecond, rec)

	var wg sync.WaitGroup
	for i := range 10 {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(),
				10*time.Second)
			defer cancel()
			c := caller.Dial(ctx, addr, fmt.Sprintf("caller %d", i))
			assert.NoError(t, c.Err)
		})
	}
	wg.Go(func() { spell(t, addr, "Grace Hopper\n") })
	wg.Wait()

	rec.mu.Lock()
	defer rec.mu.Unlock()
	now := map[int]Interest{}
	for _, w := range rec.watches {
		if w.Ready == 255 {
			delete(now, w.Fd)
			continue
		}
		was, on := now[w.Fd]
		assert.False(t, on && was == w.Ready,
			"fd %d: Watch(%v) when it was watched for %v already",
			w.Fd, w.Ready, was)
		now[w.Fd] = w.Ready
	}
	require.NotZero(t, sb.Thread())
	assert.Equal(t, []int{sb.Thread()}, keys(rec.threads),
		"every Watch, Forget and Wait on the loop's thread")
}

// spell makes one call that says question a byte at a time, and reads
// the reply a byte at a time.
func spell(t *testing.T, addr, question string) {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if !assert.NoError(t, err) {
		return
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	greeting := make([]byte, len(phone.Greeting))
	_, err = c.Read(greeting[:1])
	assert.NoError(t, err)
	for i := range len(question) {
		c.Write([]byte(question[i : i+1]))
		time.Sleep(5 * time.Millisecond)
	}
	var reply []byte
	one := make([]byte, 1)
	for {
		if n, err := c.Read(one); n == 0 || err != nil {
			break
		}
		reply = append(reply, one[0])
	}
	want := phone.Greeting[1:] + phone.Answer("Grace Hopper")
	assert.Equal(t, want, string(reply))
}

func keys(m map[int]int) []int {
	var ks []int
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// StopPickingUp, from another goroutine: new callers are not picked
// up, the caller on hold is answered, then Serve returns nil.
func TestStopPickingUpAnswersTheCallerOnHoldAndServeReturns(t *testing.T) {
	needsExercises(t)
	sb, addr, served := serving(t, 300*time.Millisecond, NewSelect())

	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	require.NoError(t, err)
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	greeting := make([]byte, len(phone.Greeting))
	_, err = c.Read(greeting)
	require.NoError(t, err)
	_, err = c.Write([]byte("alice\n"))
	require.NoError(t, err)
	time.Sleep(50 * time.Millisecond) // heard, and on hold

	sb.StopPickingUp()
	reply := make([]byte, 64)
	n, _ := c.Read(reply)
	assert.Equal(t, phone.Answer("alice"), string(reply[:n]))
	err, returned := served.wait(5 * time.Second)
	require.True(t, returned, "Serve did not return once the call was over")
	assert.NoError(t, err)
	_, err = net.DialTimeout("tcp", addr, time.Second)
	assert.Error(t, err, "the line is closed: nobody rings")
}

// Close hangs up on every call at once, on hold or not.
func TestCloseHangsUpOnEveryCallAtOnce(t *testing.T) {
	needsExercises(t)
	sb, addr, served := serving(t, time.Hour, NewPoll())
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	require.NoError(t, err)
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	c.Write([]byte("alice\n"))
	time.Sleep(50 * time.Millisecond)

	sb.Close()
	err, returned := served.wait(5 * time.Second)
	require.True(t, returned, "Serve did not return after Close")
	assert.NoError(t, err)
	said := make([]byte, 256)
	n, _ := c.Read(said)
	assert.Equal(t, phone.Greeting, string(said[:n]),
		"picked up, then hung up on without an answer")
}

// New, failing, leaks no fd: the Poller it was given is closed, and so
// is its eventfd, whichever step failed.
func TestNewLeaksNoFdWhenItFails(t *testing.T) {
	rec := &recorder{Poller: NewPoll()}
	_, err := New(-1, Options{Poller: rec})
	require.Error(t, err, "a line that is no socket")
	assert.Equal(t, 1, rec.closed, "the Poller, when O_NONBLOCK failed")

	line, _, err := blocking.Listen("127.0.0.1:0", 8)
	require.NoError(t, err)
	defer unix.Close(line)
	// No fd left: the eventfd cannot be made.
	free, err := unix.Dup(0)
	require.NoError(t, err)
	unix.Close(free) // the lowest free fd: the limit goes to it
	var was unix.Rlimit
	require.NoError(t, unix.Getrlimit(unix.RLIMIT_NOFILE, &was))
	require.NoError(t, unix.Setrlimit(unix.RLIMIT_NOFILE,
		&unix.Rlimit{Cur: uint64(free), Max: was.Max}))
	rec = &recorder{Poller: NewPoll()}
	_, err = New(line, Options{Poller: rec})
	require.NoError(t, unix.Setrlimit(unix.RLIMIT_NOFILE, &was))
	require.ErrorIs(t, err, unix.EMFILE)
	assert.Equal(t, 1, rec.closed, "the Poller, when eventfd failed")
	again, err := unix.Dup(0)
	require.NoError(t, err)
	unix.Close(again)
	assert.Equal(t, free, again, "an fd was left open")
}
