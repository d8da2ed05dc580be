package epoll

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// Code outside chapter 4's module drives a switchboard.Loop on this
// poller, through the Loop's exported verbs alone: it watches a socket
// pair of its own, sets timers, and posts from other goroutines. This
// is what the reactor, the coroutines and the workers of chapters 6 to
// 8 stand on.
func TestCodeOutsideChapter4DrivesALoopOnEpoll(t *testing.T) {
	needsExercises(t)
	for _, trigger := range []Trigger{Level, Edge} {
		t.Run(trigger.String(), func(t *testing.T) {
			e, err := New(trigger)
			require.NoError(t, err)
			l, err := switchboard.NewLoop(e)
			require.NoError(t, err)
			ran := make(chan error, 1)
			go func() { ran <- l.Run() }()

			op, caller := phonetest.SocketPair(t, unix.SOCK_NONBLOCK)
			heard := make(chan string, 1)
			rang := make(chan time.Duration, 1)
			set := time.Now()
			require.True(t, l.Post(func() {
				assert.NoError(t, l.Watch(op, switchboard.Readable,
					func(switchboard.Interest) {
						var buf [64]byte
						n, _ := unix.Read(op, buf[:])
						heard <- string(buf[:max(n, 0)])
						l.Forget(op)
					}))
				l.After(50*time.Millisecond,
					func() { rang <- time.Since(set) })
			}))
			say(t, caller, "alice\n")
			select {
			case s := <-heard:
				assert.Equal(t, "alice\n", s)
			case <-time.After(5 * time.Second):
				t.Fatal("the handler never heard the socket pair")
			}
			select {
			case after := <-rang:
				assert.GreaterOrEqual(t, after, 50*time.Millisecond)
			case <-time.After(5 * time.Second):
				t.Fatal("the timer never fired")
			}

			var posts sync.WaitGroup
			var count atomic.Int64
			for range 4 {
				posts.Go(func() {
					for range 1000 {
						l.Post(func() { count.Add(1) })
					}
				})
			}
			posts.Wait()
			l.Close()
			select {
			case err := <-ran:
				require.NoError(t, err)
			case <-time.After(5 * time.Second):
				t.Fatal("Run did not return after Close")
			}
			assert.EqualValues(t, 4000, count.Load(),
				"posted before Close, so run before Run returned")
			_, err = unix.FcntlInt(uintptr(e.fd), unix.F_GETFD, 0)
			assert.ErrorIs(t, err, unix.EBADF, "the loop closed epoll")
		})
	}
}
