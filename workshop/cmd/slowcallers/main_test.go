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

	"github.com/holdtheline/holdtheline/workshop/phone"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// reference starts phonetest's reference operator, a goroutine per
// call: slow callers cost it nothing but their goroutines.
func reference(t *testing.T, idle time.Duration) string {
	bin := phonetest.Build(t, "../../phonetest/testdata/operator")
	s := phonetest.Start(t, bin, "-addr", "127.0.0.1:0",
		"-lookup", "100ms", "-idle", idle.String())
	return s.Addr
}

// oneAtATime serves the phone line one call at a time, as chapter 01
// does, hanging up with "too slow" on a question not heard within
// idle: the operator a slow caller starves.
func oneAtATime(t *testing.T, idle time.Duration) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var done sync.WaitGroup
	t.Cleanup(func() { l.Close(); done.Wait() })
	done.Go(func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			io.WriteString(c, phone.Greeting)
			c.SetReadDeadline(time.Now().Add(idle))
			q, err := bufio.NewReader(c).ReadString('\n')
			if err != nil {
				io.WriteString(c, phone.ErrTooSlow.Line())
			} else {
				io.WriteString(c, phone.Answer(strings.TrimSpace(q)))
			}
			c.Close()
		}
	})
	return l.Addr().String()
}

// A row is one caller's line of the timeline.
type row struct {
	caller                      string
	dialled, pickedUp, answered time.Duration
	reply                       string
}

// rows reads the timeline the command printed, checking its header.
func rows(t *testing.T, out string) []row {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.NotEmpty(t, lines)
	require.Regexp(t, `^caller +dialled +picked up +replied +rang +reply$`,
		lines[0])
	var rs []row
	for _, l := range lines[1:] {
		f := strings.Fields(l)
		require.GreaterOrEqual(t, len(f), 6, "a row: %q", l)
		r := row{caller: f[0], reply: strings.Join(f[5:], " ")}
		for i, d := range []*time.Duration{&r.dialled, &r.pickedUp,
			&r.answered} {
			if f[1+i] == "-" {
				*d = -1
				continue
			}
			var err error
			*d, err = time.ParseDuration(f[1+i])
			require.NoError(t, err, "column %d of %q", i+2, l)
		}
		rs = append(rs, r)
	}
	return rs
}

func TestSlowCallersHearTooSlowAndNormalOnesTheirNumbers(t *testing.T) {
	const idle = time.Second
	var stdout, stderr bytes.Buffer
	// "slow-1\n" is 7 bytes, 2.1 s at one each 300 ms: past idle.
	code := command([]string{"-addr", reference(t, idle), "-slow", "2",
		"-n", "2", "-every", "300ms", "-after", "200ms"},
		&stdout, &stderr)

	assert.Equal(t, 0, code, "every caller got a line back: %s",
		stderr.String())
	rs := rows(t, stdout.String())
	require.Len(t, rs, 4, stdout.String())
	for i, name := range []string{"slow-1", "slow-2"} {
		assert.Equal(t, name, rs[i].caller)
		assert.Equal(t, "error: too slow", rs[i].reply)
		// The run's clock starts before the dial, the operator's
		// after it: the idle timeout is a lower bound here. 10 ms
		// is for the table's rounding.
		assert.GreaterOrEqual(t, rs[i].answered, idle-10*time.Millisecond,
			"%s is hung up on after the idle timeout", name)
	}
	for i, name := range []string{"normal-1", "normal-2"} {
		r := rs[2+i]
		assert.Equal(t, name, r.caller)
		assert.Equal(t, strings.TrimSuffix(phone.Answer(name), "\n"),
			r.reply)
		assert.GreaterOrEqual(t, r.dialled, 200*time.Millisecond-
			10*time.Millisecond, "normal callers dial after -after")
		// An operator with a goroutine per call does not keep a
		// normal caller waiting for the slow ones.
		assert.Less(t, r.answered, idle, "%s waited on slow callers",
			name)
	}
}

func TestANormalCallerWaitsOutASlowOneOnAnOperatorOfOne(t *testing.T) {
	const idle = 500 * time.Millisecond
	var stdout bytes.Buffer
	code := command([]string{"-addr", oneAtATime(t, idle), "-slow", "1",
		"-n", "1", "-every", "200ms", "-after", "300ms"},
		&stdout, io.Discard)

	assert.Equal(t, 0, code)
	rs := rows(t, stdout.String())
	require.Len(t, rs, 2, stdout.String())
	assert.Equal(t, "error: too slow", rs[0].reply)
	assert.Equal(t, "normal-1: 555-9332", rs[1].reply)
	// The slow caller dials 300 ms ahead, so it is picked up first.
	// The one operator picks the normal caller up only once the slow
	// one's idle timeout is over: the starving the command shows.
	assert.GreaterOrEqual(t, rs[1].pickedUp, idle-10*time.Millisecond)
}

func TestACallerWithNoReplyExitsOne(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	l.Close() // nobody answers here now
	var stdout bytes.Buffer

	code := command([]string{"-addr", l.Addr().String(), "-slow", "1",
		"-n", "1", "-after", "0s"}, &stdout, io.Discard)

	assert.Equal(t, 1, code)
	rs := rows(t, stdout.String())
	require.Len(t, rs, 2)
	for _, r := range rs {
		assert.Contains(t, r.reply, "connection refused")
		assert.Equal(t, time.Duration(-1), r.pickedUp, "never picked up")
	}
}

func TestABusySignalIsTheSlowCallersReply(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var done sync.WaitGroup
	t.Cleanup(func() { l.Close(); done.Wait() })
	done.Go(func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			io.WriteString(c, phone.ErrBusy.Line())
			c.Close()
		}
	})
	var stdout bytes.Buffer

	code := command([]string{"-addr", l.Addr().String(), "-slow", "1",
		"-n", "1", "-after", "0s"}, &stdout, io.Discard)

	assert.Equal(t, 0, code, "busy is a reply an operator may give")
	for _, r := range rows(t, stdout.String()) {
		assert.Equal(t, "error: busy", r.reply, r.caller)
	}
}

func TestTheFlagsAndTheirDefaults(t *testing.T) {
	r, err := parse(nil, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, run{addr: "127.0.0.1:7003", slow: 4, normal: 4,
		every: time.Second, after: 500 * time.Millisecond}, r)

	r, err = parse([]string{"-addr", "127.0.0.1:7005", "-slow", "8",
		"-n", "2", "-every", "2s", "-after", "1s"}, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, run{addr: "127.0.0.1:7005", slow: 8, normal: 2,
		every: 2 * time.Second, after: time.Second}, r)
}

func TestBadFlagsExitTwo(t *testing.T) {
	for _, args := range [][]string{
		{"-slow", "lots"}, {"-slow", "-1"}, {"-n", "-1"},
		{"-every", "0s"}, {"-after", "-1s"}, {"extra"},
	} {
		var stderr bytes.Buffer
		assert.Equal(t, 2, command(args, io.Discard, &stderr), "%q", args)
		assert.Contains(t, stderr.String(), "Usage of slowcallers")
	}
}

func TestHelpNamesTheProgramAndSaysWhatItIs(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "slowcallers")
	out, err := exec.Command("go", "build", "-o", bin, ".").
		CombinedOutput()
	require.NoError(t, err, "%s", out)

	out, err = exec.Command(bin, "-h").CombinedOutput()
	require.NoError(t, err, "-h is not an error")
	first, _, _ := strings.Cut(string(out), "\n")
	assert.Equal(t, "slowcallers: "+what, first)
	assert.NotContains(t, string(out), bin, "not the binary's path")
	for _, flag := range []string{"-addr", "-slow", "-n", "-every",
		"-after"} {
		assert.Contains(t, string(out), "  "+flag+" ")
	}

	_, err = exec.Command(bin, "-every", "0s").Output()
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "%v", err)
	assert.Equal(t, 2, exit.ExitCode())
}
