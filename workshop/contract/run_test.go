package contract

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A fakeModel serves until told to stop picking up, then takes
// finishing to end its last call.
type fakeModel struct {
	finishing time.Duration
	err       error
	stopped   chan struct{}
	stops     int
}

func newFake(finishing time.Duration, err error) *fakeModel {
	return &fakeModel{finishing: finishing, err: err,
		stopped: make(chan struct{})}
}

func (m *fakeModel) Serve() error {
	if m.err != nil {
		return m.err
	}
	<-m.stopped
	time.Sleep(m.finishing)
	return nil
}

func (m *fakeModel) StopPickingUp() {
	m.stops++
	close(m.stopped)
}

func TestRunExitsZeroWhenEveryCallEndsWithinGrace(t *testing.T) {
	m := newFake(50*time.Millisecond, nil)
	stop := make(chan os.Signal, 1)
	stop <- syscall.SIGTERM
	var stderr bytes.Buffer
	assert.Equal(t, 0, run("x", m, 5*time.Second, stop, &stderr))
	assert.Equal(t, 1, m.stops, "StopPickingUp is called once")
	assert.Empty(t, stderr.String())
}

func TestRunExitsOneAndSaysSoWhenGraceRunsOut(t *testing.T) {
	m := newFake(time.Hour, nil)
	stop := make(chan os.Signal, 1)
	stop <- syscall.SIGTERM
	var stderr bytes.Buffer
	start := time.Now()
	assert.Equal(t, 1, run("x", m, 100*time.Millisecond, stop, &stderr))
	assert.Less(t, time.Since(start), 30*time.Second,
		"it does not wait for the call past grace")
	assert.Equal(t, "x: terminated: a call still open after 100ms;"+
		" hanging up on it\n", stderr.String())
}

func TestRunExitsOneWhenServeFails(t *testing.T) {
	m := newFake(0, errors.New("accept: bad file descriptor"))
	var stderr bytes.Buffer
	assert.Equal(t, 1, run("x", m, time.Second, nil, &stderr))
	assert.Equal(t, 0, m.stops, "nothing asked it to stop")
	assert.Equal(t, "x: accept: bad file descriptor\n", stderr.String())
}

func TestDescribeNamesTheProgram(t *testing.T) {
	fs := flag.NewFlagSet("/root/.cache/go-build/a/b/exe/x",
		flag.ContinueOnError)
	var out bytes.Buffer
	fs.SetOutput(&out)
	var s Settings
	s.Register(fs, 1)
	Describe(fs, "01-blocking", "one operator, one phone")
	require.ErrorIs(t, fs.Parse([]string{"-h"}), flag.ErrHelp)
	assert.Contains(t, out.String(),
		"01-blocking: one operator, one phone\n\nUsage of 01-blocking:\n")
	assert.NotContains(t, out.String(), "go-build")
	assert.Contains(t, out.String(), "-lookup duration")
}

// A SIGTERM that comes before Run, right after the start-up line or
// after HearStops (before the server listens), is Run's to hear: the
// server stops picking up and exits 0, not killed by the signal. Run in
// a child process, which the signal would end.
func TestASignalBeforeRunIsHeardByRun(t *testing.T) {
	if how := os.Getenv("CONTRACT_SIGNAL_CHILD"); how != "" {
		if how == "HearStops" {
			HearStops()
		} else {
			Announce(io.Discard, "x", "127.0.0.1:1", Settings{})
		}
		require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGTERM))
		time.Sleep(50 * time.Millisecond) // the signal lands first
		m := newFake(0, nil)
		code := Run("x", m, time.Second)
		if code != 0 || m.stops != 1 {
			t.Fatalf("Run: exit %d, %d stops", code, m.stops)
		}
		return
	}
	for _, how := range []string{"Announce", "HearStops"} {
		t.Run(how, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^"+
				strings.Split(t.Name(), "/")[0]+"$")
			cmd.Env = append(os.Environ(), "CONTRACT_SIGNAL_CHILD="+how)
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, "the child, signalled after %s, "+
				"before Run:\n%s", how, out)
		})
	}
}
