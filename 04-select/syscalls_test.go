package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/workshop/caller"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// README: "one thread does everything, and never blocks but to wait".
// Under strace -f, five callers at once: every accept, greeting,
// question read, answer and wait (select or poll) comes from one
// thread id; every call's socket is accepted non-blocking; and that
// thread never sleeps in nanosleep: the lookups are timers.
func TestOneThreadMakesEveryCallAndOnlyTheWaitBlocks(t *testing.T) {
	needsExercises(t)
	const callers = 5
	waits := map[string]string{"select": `p?select6?\(`, "poll": `p?poll\(`}
	for _, poller := range switchboard.Backends {
		t.Run(poller, func(t *testing.T) {
			srv := phonetest.StartTracedHere(t,
				"accept4,read,write,pselect6,ppoll,nanosleep,close",
				"-poller", poller, "-lookup", "200ms")
			var wg sync.WaitGroup
			for i := range callers {
				wg.Go(func() {
					ctx, cancel := context.WithTimeout(
						context.Background(), 10*time.Second)
					defer cancel()
					c := caller.Dial(ctx, srv.Addr, fmt.Sprint("caller ", i))
					assert.NoError(t, c.Err)
				})
			}
			wg.Wait()
			trace := joinResumed(srv.Finish(t))

			steps := map[string]*regexp.Regexp{
				"accept": regexp.MustCompile(
					`accept4\(.*SOCK_NONBLOCK.*\) = \d+$`),
				"greeting": regexp.MustCompile(`write\(\d+, "operator: who`),
				"question": regexp.MustCompile(`read\(\d+, "caller \d\\n"`),
				"answer":   regexp.MustCompile(`write\(\d+, "caller \d: 555-`),
			}
			threads := map[string]bool{}
			for step, re := range steps {
				seen := 0
				for tid, n := range phonetest.Threads(trace, re) {
					threads[tid] = true
					seen += n
				}
				assert.Equal(t, callers, seen,
					"%s: one per call\n%s", step, trace)
			}
			require.Len(t, threads, 1, "one thread for every step\n%s",
				trace)
			var loop string
			for tid := range threads {
				loop = tid
			}
			waited := phonetest.Threads(trace,
				regexp.MustCompile(waits[poller]))
			assert.Greater(t, waited[loop], 0,
				"the loop waits in %s\n%s", poller, trace)
			// Before it locked itself to the loop, the thread ran Go's
			// scheduler, which naps in nanosleep: look from the first
			// pick-up on.
			_, since, found := strings.Cut(trace, " accept4(")
			require.True(t, found, "the loop accepts")
			assert.Zero(t, phonetest.Threads(since,
				regexp.MustCompile(`nanosleep\(`))[loop],
				"the loop never sleeps: a lookup is a timer\n%s", trace)
		})
	}
}

// README: "every line is non-blocking". While a caller is on hold,
// every socket the server has open, and its wake-up eventfd, has
// O_NONBLOCK.
func TestEveryLineIsNonBlocking(t *testing.T) {
	needsExercises(t)
	srv := phonetest.StartHere(t, "-lookup", "2s")
	c, err := net.DialTimeout("tcp", srv.Addr, 5*time.Second)
	require.NoError(t, err)
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	_, err = bufio.NewReader(c).ReadString('\n')
	require.NoError(t, err, "picked up")
	_, err = c.Write([]byte("alice\n"))
	require.NoError(t, err)
	time.Sleep(100 * time.Millisecond) // heard: on hold

	lines := map[string]int{}
	dir := fmt.Sprintf("/proc/%d/fd", srv.Pid)
	fds, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, fd := range fds {
		link, _ := os.Readlink(filepath.Join(dir, fd.Name()))
		kind := ""
		switch {
		case strings.HasPrefix(link, "socket:"):
			kind = "socket"
		case strings.Contains(link, "eventfd"):
			kind = "eventfd"
		default:
			continue
		}
		lines[kind]++
		assert.NotZero(t, fdFlags(t, srv.Pid, fd.Name())&unix.O_NONBLOCK,
			"fd %s (%s) blocks", fd.Name(), link)
	}
	assert.Equal(t, 2, lines["socket"], "the phone line, the call on hold")
	// Go's runtime may hold an eventfd of its own (its netpoller's),
	// non-blocking too.
	assert.GreaterOrEqual(t, lines["eventfd"], 1, "the wake-up line")
}

// fdFlags reads the open-file flags of a process's fd, the way
// fcntl(F_GETFL) would see them, from /proc/PID/fdinfo.
func fdFlags(t *testing.T, pid int, fd string) int {
	info, err := os.ReadFile(
		filepath.Join("/proc", strconv.Itoa(pid), "fdinfo", fd))
	require.NoError(t, err)
	for line := range strings.Lines(string(info)) {
		if v, ok := strings.CutPrefix(line, "flags:"); ok {
			flags, err := strconv.ParseInt(strings.TrimSpace(v), 8, 64)
			require.NoError(t, err)
			return int(flags)
		}
	}
	t.Fatalf("no flags in fdinfo of fd %s", fd)
	return 0
}

// joinResumed puts back together the system calls strace -f split in
// two because another thread made a call meanwhile: the line that
// ends "<unfinished ...>" and the thread's later "<... resumed>" line.
func joinResumed(trace string) string {
	var out strings.Builder
	held := map[string]string{} // by thread id
	for line := range strings.Lines(trace) {
		line = strings.TrimRight(line, "\n")
		tid, _, _ := strings.Cut(line, " ")
		if start, ok := strings.CutSuffix(line, " <unfinished ...>"); ok {
			held[tid] = start
			continue
		}
		if i := strings.Index(line, " resumed>"); i >= 0 && held[tid] != "" {
			line = held[tid] + strings.TrimPrefix(line[i+len(" resumed>"):], " ")
			delete(held, tid)
		}
		out.WriteString(line + "\n")
	}
	return out.String()
}
