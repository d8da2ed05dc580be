package phonetest_test

import (
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/phone"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// operator is the reference operator's package, built by the tests.
const operator = "testdata/operator"

func TestBuildBuildsOnceAndReusesTheBinary(t *testing.T) {
	first := phonetest.Build(t, operator)
	again := phonetest.Build(t, operator)
	assert.Equal(t, first, again)
	info, err := os.Stat(first)
	require.NoError(t, err)
	assert.NotZero(t, info.Mode()&0o111, "the binary is executable")
}

func TestStartReadsTheAddressFromTheStartUpLine(t *testing.T) {
	s := phonetest.Start(t, phonetest.Build(t, operator),
		"-addr", "127.0.0.1:0")
	assert.True(t, strings.HasPrefix(s.Addr, "127.0.0.1:"), s.Addr)
	assert.NotEqual(t, "127.0.0.1:0", s.Addr, "port 0 means pick one")
	assert.NotZero(t, s.Pid)

	c, err := net.DialTimeout("tcp", s.Addr, 5*time.Second)
	require.NoError(t, err)
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	greeting := make([]byte, len(phone.Greeting))
	_, err = io.ReadFull(c, greeting)
	require.NoError(t, err)
	assert.Equal(t, phone.Greeting, string(greeting))
}

func TestTheProcReadingsAreSane(t *testing.T) {
	s := phonetest.Start(t, phonetest.Build(t, operator),
		"-addr", "127.0.0.1:0")
	// A Go program has several threads: the runtime's own at least.
	assert.GreaterOrEqual(t, s.Threads(t), 2)
	// stdin, stdout, stderr, the listener and the netpoller's epoll.
	assert.GreaterOrEqual(t, s.OpenFDs(t), 5)
	assert.Greater(t, s.RSS(t), int64(1<<20), "a Go binary takes MBs")
	cpu := s.CPUTime(t)
	assert.GreaterOrEqual(t, cpu, time.Duration(0))
	assert.Less(t, cpu, 5*time.Second, "it has only just started")
}

// The reference operator waits when it is out of fds; with -bug spin
// it retries accept(2) at once. StarveOfFDs, and the CPUOver it
// measures with, must tell the two apart.
func TestStarveOfFDsTellsAServerThatWaitsFromOneThatSpins(t *testing.T) {
	const limit, silent, window = 16, 30, 500 * time.Millisecond
	for _, c := range []struct {
		bug   string
		spins bool
	}{{"", false}, {"spin", true}} {
		s := phonetest.Start(t, phonetest.Build(t, operator),
			"-addr", "127.0.0.1:0", "-bug", c.bug)
		starved := phonetest.StarveOfFDs(t, s, limit, silent, window)
		t.Logf("-bug %q: %+v", c.bug, starved)
		greeted := starved.Heard[phone.Greeting]
		assert.Less(t, greeted, limit, "not all picked up")
		assert.Equal(t, silent, greeted+starved.Heard[""],
			"greeted or still ringing: %v", starved.Heard)
		assert.GreaterOrEqual(t, starved.Wall, window, "window waited out")
		assert.Equal(t, c.spins, starved.Wanted > starved.Wall/4,
			"-bug %q: spins", c.bug)
		assert.True(t, starved.Running)
		assert.Equal(t, phone.Answer("bob"), starved.After,
			"answered once the silent callers hung up")
	}
}

func TestSetFDLimitLowersBothLimits(t *testing.T) {
	s := phonetest.Start(t, phonetest.Build(t, operator),
		"-addr", "127.0.0.1:0")
	s.SetFDLimit(t, 32)
	limits, err := os.ReadFile(fmt.Sprintf("/proc/%d/limits", s.Pid))
	require.NoError(t, err)
	assert.Regexp(t, `Max open files\s+32\s+32\s+files`, string(limits))
}

func TestSignalAndWaitSeeAGracefulExit(t *testing.T) {
	s := phonetest.Start(t, phonetest.Build(t, operator),
		"-addr", "127.0.0.1:0")
	_, err := s.Wait(50 * time.Millisecond)
	assert.Error(t, err, "the server is still running")
	assert.True(t, s.Running())

	require.NoError(t, s.Signal(syscall.SIGTERM))
	code, err := s.Wait(5 * time.Second)
	require.NoError(t, err)
	assert.Equal(t, 0, code)
	assert.False(t, s.Running())
}

func TestStderrShowsWhatTheServerLogged(t *testing.T) {
	s := phonetest.Start(t, phonetest.Build(t, operator),
		"-addr", "127.0.0.1:0", "-lookup", "5s", "-grace", "100ms")
	c, err := net.DialTimeout("tcp", s.Addr, 5*time.Second)
	require.NoError(t, err)
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	_, err = io.ReadFull(c, make([]byte, len(phone.Greeting)))
	require.NoError(t, err)
	_, err = io.WriteString(c, "alice\n")
	require.NoError(t, err)

	// On hold for 5s with 100ms of grace: the operator gives up on it
	// and says so on stderr.
	require.NoError(t, s.Signal(syscall.SIGTERM))
	_, err = s.Wait(5 * time.Second)
	require.NoError(t, err)
	assert.Contains(t, s.Stderr(), "grace of 100ms is over")
}
