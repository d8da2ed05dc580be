package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/caller"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// operator serves the phone line on a loopback port until the test
// ends, a goroutine per call; busy operators only say so.
func operator(t *testing.T, busy bool) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var calls sync.WaitGroup
	t.Cleanup(func() { l.Close(); calls.Wait() })
	calls.Go(func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			calls.Go(func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(10 * time.Second))
				if busy {
					io.WriteString(c, phone.ErrBusy.Line())
					return
				}
				io.WriteString(c, phone.Greeting)
				q, err := bufio.NewReader(c).ReadString('\n')
				if err == nil {
					q = strings.TrimSpace(q)
					io.WriteString(c, phone.Answer(q))
				}
			})
		}
	})
	return l.Addr().String()
}

// nobody returns a loopback address where nobody answers.
func nobody(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	l.Close()
	return l.Addr().String()
}

func TestEveryCallAnsweredExitsZero(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"-addr", operator(t, false), "-n", "20",
		"-rate", "200", "-ringing", "5"}, &stdout, &stderr)

	assert.Equal(t, 0, code, stderr.String())
	assert.Contains(t, stdout.String(), "answered  20\n")
	assert.Contains(t, stdout.String(), "20 connected\n")
	assert.Contains(t, stdout.String(), "20 picked up\n")
	assert.Empty(t, stderr.String(), "a short run shows no progress")
}

func TestABusySignalIsNotAFailure(t *testing.T) {
	var stdout bytes.Buffer
	code := run([]string{"-addr", operator(t, true), "-n", "3"},
		&stdout, io.Discard)
	assert.Equal(t, 0, code)
	assert.Contains(t, stdout.String(), "busy      3\n")
}

func TestAFailedCallExitsOne(t *testing.T) {
	var stdout bytes.Buffer
	code := run([]string{"-addr", nobody(t), "-n", "2"},
		&stdout, io.Discard)
	assert.Equal(t, 1, code)
	assert.Contains(t, stdout.String(), "failed    2\n")
	assert.Contains(t, stdout.String(), "connection refused")
}

func TestTheNameFlagIsAskedByEveryCaller(t *testing.T) {
	f, err := parse([]string{"-name", "bob"}, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "bob", f.Name(0))
	assert.Equal(t, "bob", f.Name(7))

	f, err = parse(nil, io.Discard)
	require.NoError(t, err)
	assert.Nil(t, f.Name, "the fleet's own names, all different")
	assert.Equal(t, caller.Fleet{Addr: "127.0.0.1:7001", N: 10,
		MaxRinging: 100, Timeout: time.Minute}, f)
}

func TestBadFlagsExitTwo(t *testing.T) {
	for _, args := range [][]string{
		{"-n", "lots"}, {"-n", "-1"}, {"-rate", "-5"},
		{"-timeout", "0s"}, {"extra"},
	} {
		var stderr bytes.Buffer
		assert.Equal(t, 2, run(args, io.Discard, &stderr), "%q", args)
		assert.Contains(t, stderr.String(), "Usage of callers")
	}
}

func TestProgressGoesToALogEveryFiveSecondsAtMost(t *testing.T) {
	var log bytes.Buffer
	l := newProgressLine(&log) // a buffer is not a terminal
	for _, ms := range []int{200, 1200, 1400, 6000, 6300, 7000} {
		l.show(caller.Progress{Ringing: 1, Elapsed: time.Duration(ms) *
			time.Millisecond})
	}
	l.end()
	assert.Equal(t, "1.2s: ringing 1, on hold 0, answered 0, busy 0, "+
		"failed 0\n"+
		"6.3s: ringing 1, on hold 0, answered 0, busy 0, failed 0\n"+
		"7s: ringing 1, on hold 0, answered 0, busy 0, failed 0\n",
		log.String())
}

func TestProgressRewritesOneLineOnATerminal(t *testing.T) {
	var screen bytes.Buffer
	l := newProgressLine(&screen)
	l.terminal = true
	l.show(caller.Progress{Elapsed: 500 * time.Millisecond})
	l.show(caller.Progress{OnHold: 100, Elapsed: time.Second})
	l.show(caller.Progress{Answered: 1, Elapsed: 1200 * time.Millisecond})
	l.end()

	lines := strings.Split(screen.String(), "\r")
	require.Len(t, lines, 4, "nothing before a second, then 3 redraws")
	assert.Equal(t, "", lines[0])
	// Each redraw is as wide as the widest, to blank what was there.
	assert.Equal(t, len(lines[1]), len(lines[2]))
	assert.True(t, strings.HasSuffix(lines[3], "failed 0\n"))
	assert.Equal(t, 1, strings.Count(screen.String(), "\n"))
}

func TestTheBuiltCommandKeepsItsExitStatus(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "callers")
	build := exec.Command("go", "build", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)

	out, err = exec.Command(bin, "-h").CombinedOutput()
	require.NoError(t, err, "-h is not an error")
	first, _, _ := strings.Cut(string(out), "\n")
	assert.Equal(t, "callers: "+what, first,
		"-h starts with the program's name and what it is")
	assert.NotContains(t, string(out), bin, "not the binary's path")
	for _, flag := range []string{"-addr", "-n", "-rate", "-ringing",
		"-timeout", "-name"} {
		assert.Contains(t, string(out), "  "+flag+" ")
	}

	stdout, err := exec.Command(bin, "-addr", operator(t, false),
		"-n", "5").Output()
	require.NoError(t, err)
	assert.Contains(t, string(stdout), "answered  5\n")

	stdout, err = exec.Command(bin, "-addr", nobody(t)).Output()
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "%v", err)
	assert.Equal(t, 1, exit.ExitCode())
	assert.Contains(t, string(stdout), "failed    10\n")
}
