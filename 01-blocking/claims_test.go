package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/workshop/caller"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// The claims the README makes about one operator with one phone, each
// checked against the real binary, run as its own process.

func TestConformance(t *testing.T) {
	phonetest.Run(t, phonetest.Options{Dir: "."})
}

// README: "N callers take N lookups". Five callers, a 300 ms lookup:
// the last answer cannot come before 1.5 s, and answers come about one
// lookup apart.
func TestCallersAreServedOneAtATime(t *testing.T) {
	const n, lookup = 5, 300 * time.Millisecond
	srv := phonetest.StartHere(t, "-lookup", lookup.String())

	r := phonetest.Callers(t, caller.Fleet{Addr: srv.Addr, N: n})
	require.Equal(t, n, r.Summary().Answered, "%+v", r.Summary())

	var answered []time.Time
	for _, c := range r.Calls {
		answered = append(answered, c.Answered)
	}
	slices.SortFunc(answered, time.Time.Compare)
	for i := 1; i < n; i++ {
		// The operator sleeps one lookup between answers; the callers
		// may notice late, so allow them half of it.
		assert.GreaterOrEqual(t, answered[i].Sub(answered[i-1]), lookup/2)
	}
	took := answered[n-1].Sub(r.Start)
	assert.GreaterOrEqual(t, took, n*lookup, "one at a time")
	assert.Less(t, took, 3*n*lookup, "and not much more")
	t.Logf("%d callers, lookup %v: last answer after %v", n, lookup, took)
}

// README: "your ringing time is the lookups of everyone ahead of you".
// Callers dial 50 ms apart, in order; each rings about one lookup longer
// than the caller before.
func TestRingingTimeGrowsWithPlaceInTheQueue(t *testing.T) {
	const n, lookup = 4, 300 * time.Millisecond
	srv := phonetest.StartHere(t, "-lookup", lookup.String())

	r := phonetest.Callers(t, caller.Fleet{Addr: srv.Addr, N: n, Rate: 20})
	require.Equal(t, n, r.Summary().Answered, "%+v", r.Summary())
	for i := 1; i < n; i++ {
		ahead, me := r.Calls[i-1], r.Calls[i]
		assert.Greater(t, me.PickedUp.Sub(ahead.PickedUp), lookup/2,
			"caller %d is picked up a lookup after caller %d", i, i-1)
		// Expected: one lookup less the 50 ms between dials. The
		// margin is wide for a busy machine.
		assert.Greater(t, me.Ringing()-ahead.Ringing(), lookup/3,
			"caller %d rang %v, caller %d rang %v",
			i-1, ahead.Ringing(), i, me.Ringing())
	}
}

// README: "the sockets are blocking". While a caller is on hold, every
// socket the operator has open lacks O_NONBLOCK.
func TestTheSocketsAreBlocking(t *testing.T) {
	srv := phonetest.StartHere(t, "-lookup", "1s")
	c, err := net.DialTimeout("tcp", srv.Addr, 5*time.Second)
	require.NoError(t, err)
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	greeting, err := bufio.NewReader(c).ReadString('\n')
	require.NoError(t, err, "picked up")
	require.NotEmpty(t, greeting)
	_, err = c.Write([]byte("alice\n"))
	require.NoError(t, err)

	sockets := 0
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", srv.Pid))
	require.NoError(t, err)
	for _, fd := range fds {
		link, _ := os.Readlink(
			fmt.Sprintf("/proc/%d/fd/%s", srv.Pid, fd.Name()))
		if !strings.HasPrefix(link, "socket:") {
			continue
		}
		sockets++
		flags := fdFlags(t, srv.Pid, fd.Name())
		assert.Zero(t, flags&unix.O_NONBLOCK,
			"fd %s (%s) is non-blocking", fd.Name(), link)
	}
	assert.Equal(t, 2, sockets, "the phone line and the call on hold")
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
