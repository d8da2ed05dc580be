package phonetest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/holdtheline/holdtheline/workshop/contract"
)

// startUpWait bounds how long a server may take to print its start-up
// line. Starting a small Go binary takes milliseconds; ten seconds is
// for a machine that is busy with other work.
const startUpWait = 10 * time.Second

// A Server is an operator binary running as its own process, the way a
// reader runs it: the suite watches it only from outside, through its
// socket, its exit code and /proc.
type Server struct {
	Addr string // where it listens, from its start-up line
	Pid  int

	cmd    *exec.Cmd
	stdout *output // the start-up line, and anything printed after it
	stderr *output
	exited chan struct{} // closed once the process has been reaped
}

// Start runs bin with args and waits for its start-up line. When the
// test ends the process is killed if it still runs, and if the test
// failed, what the server printed is shown in the test's log.
func Start(t testing.TB, bin string, args ...string) *Server {
	t.Helper()
	s := &Server{
		cmd:    exec.Command(bin, args...),
		stdout: &output{line: make(chan string, 1)},
		stderr: &output{},
		exited: make(chan struct{}),
	}
	s.cmd.Stdout = s.stdout
	s.cmd.Stderr = s.stderr
	// If the test binary itself is killed (a -timeout), take the server
	// with it rather than leave it listening.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	// Do not wait forever for output copied from a process that is gone.
	s.cmd.WaitDelay = time.Second
	// Take the channel now: output.Write drops it once it has sent
	// the line, which may happen before we get to the select below.
	firstLine := s.stdout.line
	started := make(chan error)
	go func() {
		// Pdeathsig fires when the thread that forked the child ends,
		// not the process; so fork from a thread that lives exactly as
		// long as the child does.
		runtime.LockOSThread()
		err := s.cmd.Start()
		started <- err
		if err == nil {
			s.cmd.Wait()
		}
		close(s.exited)
	}()
	if err := <-started; err != nil {
		t.Fatalf("phonetest: cannot start %s: %v", bin, err)
	}
	s.Pid = s.cmd.Process.Pid
	t.Cleanup(func() { s.stop(t) })

	select {
	case line := <-firstLine:
		addr, ok := contract.ListeningAddr(line)
		if !ok {
			t.Fatalf("phonetest: the first line on stdout should be the "+
				"start-up line,\n  like %q\n  got  %q",
				"name: listening on 127.0.0.1:7001 (lookup 1s, ...)", line)
		}
		s.Addr = addr
	case <-s.exited:
		t.Fatalf("phonetest: %s exited (%v) before its start-up line",
			bin, s.cmd.ProcessState)
	case <-time.After(startUpWait):
		t.Fatalf("phonetest: no start-up line from %s within %v",
			bin, startUpWait)
	}
	return s
}

// stop kills the server if it still runs, reaps it, and on failure
// shows what it printed: often the quickest way to the bug.
func (s *Server) stop(t testing.TB) {
	if s.Running() {
		s.cmd.Process.Kill()
	}
	select {
	case <-s.exited:
	case <-time.After(5 * time.Second):
		t.Errorf("phonetest: server pid %d was not reaped after SIGKILL",
			s.Pid)
	}
	if t.Failed() {
		t.Logf("server %s (pid %d) %v\n--- its stderr:\n%s"+
			"--- its stdout:\n%s",
			s.cmd.Path, s.Pid, s.cmd.ProcessState,
			s.stderr.String(), s.stdout.String())
	}
}

// Signal sends sig to the server, as a supervisor or Ctrl-C would.
func (s *Server) Signal(sig os.Signal) error {
	return s.cmd.Process.Signal(sig)
}

// Wait waits up to timeout for the server to exit and returns its exit
// code (-1 if a signal killed it).
func (s *Server) Wait(timeout time.Duration) (exitCode int, err error) {
	select {
	case <-s.exited:
		return s.cmd.ProcessState.ExitCode(), nil
	case <-time.After(timeout):
		return -1, fmt.Errorf("server pid %d still running after %v",
			s.Pid, timeout)
	}
}

// Running says whether the process is still alive.
func (s *Server) Running() bool {
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

// Stderr returns what the server has written to standard error so far.
func (s *Server) Stderr() string { return s.stderr.String() }

// An output collects what a server writes to one of its streams. It
// hands the first complete line to line, if line is not nil: that is
// how Start learns the address.
type output struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	line chan string
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.buf.Write(p)
	if o.line != nil {
		if first, _, ok := strings.Cut(o.buf.String(), "\n"); ok {
			o.line <- first
			o.line = nil
		}
	}
	return len(p), nil
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}
