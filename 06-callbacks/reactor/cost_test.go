package reactor_test

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// README: "a Soon from a callback writes to no eventfd". A chain of
// 10,000 Soons, each queued by the one before on the loop's thread,
// makes next to no write(2) calls in the whole process (the kernel
// counts them in /proc/self/io, syscw); a Post from another goroutine
// would ring the loop's eventfd, one write each time it sleeps.
func TestSoonFromACallbackWritesToNoEventfd(t *testing.T) {
	r := running(t)
	const chain = 10000
	before := writes(t)
	over := make(chan struct{})
	on(t, r, func() {
		n := 0
		var next func()
		next = func() {
			if n++; n == chain {
				close(over)
				return
			}
			r.Soon(next)
		}
		r.Soon(next)
	})
	<-over
	made := writes(t) - before
	t.Logf("%d Soons in a chain: %d write(2) calls in the process", chain, made)
	assert.Less(t, made, int64(chain/100), "write(2) calls")
}

// writes is how many write(2)-like calls the process has made.
func writes(t *testing.T) int64 {
	io, err := os.ReadFile("/proc/self/io")
	require.NoError(t, err)
	for line := range strings.Lines(string(io)) {
		if v, ok := strings.CutPrefix(line, "syscw: "); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			require.NoError(t, err)
			return n
		}
	}
	t.Fatal("no syscw in /proc/self/io")
	return 0
}

// BenchmarkSoon is one callback dispatch with no I/O: a callback that
// queues the next with Soon, the loop turning once between them (one
// epoll_wait that does not sleep). 07 sets a coroutine switch beside it.
func BenchmarkSoon(b *testing.B) {
	r := runningB(b)
	over := make(chan struct{})
	b.ResetTimer()
	r.Post(func() {
		n := 0
		var next func()
		next = func() {
			if n++; n >= b.N {
				close(over)
				return
			}
			r.Soon(next)
		}
		r.Soon(next)
	})
	<-over
}

// BenchmarkWhenReadable is one dispatch of a line that turned ready:
// a byte written on one end of a socket pair, epoll_wait reporting the
// other end, its callback reading the byte and writing the next one.
func BenchmarkWhenReadable(b *testing.B) {
	r := runningB(b)
	pair, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK, 0)
	require.NoError(b, err)
	defer unix.Close(pair[1])
	over := make(chan struct{})
	b.ResetTimer()
	r.Post(func() {
		n := 0
		one := []byte{1}
		buf := make([]byte, 1)
		var next func()
		next = func() {
			unix.Read(pair[0], buf)
			if n++; n >= b.N {
				r.Close(pair[0])
				close(over)
				return
			}
			unix.Write(pair[1], one)
			r.WhenReadable(pair[0], next)
		}
		unix.Write(pair[1], one)
		r.WhenReadable(pair[0], next)
	})
	<-over
}
