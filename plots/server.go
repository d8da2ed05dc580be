package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/workshop/contract"
)

// build compiles each model's main package once, into dir, and returns
// the binaries by directory.
func build(root, dir string, ms []model, say func(string)) (map[string]string, error) {
	bins := map[string]string{}
	for _, m := range ms {
		if bins[m.dir] != "" {
			continue
		}
		bin := filepath.Join(dir, strings.ReplaceAll(m.dir, "/", "-"))
		say("building " + m.dir)
		cmd := exec.Command("go", "build", "-o", bin, ".")
		cmd.Dir = filepath.Join(root, m.dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("go build in %s: %v\n%s", m.dir, err, out)
		}
		bins[m.dir] = bin
	}
	return bins, nil
}

// A server is one model's binary running as its own process.
type server struct {
	cmd    *exec.Cmd
	pid    int
	addr   string
	stderr *lockedBuffer
	exited chan struct{}
	status error
}

// launch says how to start a server: its flags, and optionally the
// CPUs it may run on and extra environment.
type launch struct {
	bin  string
	args []string
	cpus string   // taskset's list, "" for any
	env  []string // added to the harness's own
}

// start runs l's binary on a free port and waits for its start-up line.
func start(l launch) (*server, error) {
	name, args := l.bin, append([]string{"-addr", "127.0.0.1:0"}, l.args...)
	if l.cpus != "" {
		// taskset execs the server, so the pid is the server's.
		name, args = "taskset", append([]string{"-c", l.cpus, l.bin}, args...)
	}
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), l.env...)
	s := &server{cmd: cmd, stderr: &lockedBuffer{}, exited: make(chan struct{})}
	cmd.Stderr = s.stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s.pid = cmd.Process.Pid
	lines := make(chan string, 1)
	go func() {
		r := bufio.NewReader(out)
		line, _ := r.ReadString('\n')
		lines <- line
		io.Copy(io.Discard, r) // a server may say more; never block it
	}()
	go func() { s.status = cmd.Wait(); close(s.exited) }()
	select {
	case line := <-lines:
		addr, ok := contract.ListeningAddr(line)
		if !ok {
			s.kill()
			return nil, fmt.Errorf("%s: no start-up line, got %q; stderr: %s",
				filepath.Base(l.bin), line, s.stderr)
		}
		s.addr = addr
		return s, nil
	case <-time.After(15 * time.Second):
		s.kill()
		return nil, fmt.Errorf("%s: no start-up line in 15s; stderr: %s",
			filepath.Base(l.bin), s.stderr)
	}
}

// stop asks the server to close with SIGTERM, as the contract says, and
// waits for it; one that does not go within patience is killed. It
// returns the exit status (-1: killed).
func (s *server) stop(patience time.Duration) int {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(patience):
		s.kill()
		return -1
	}
	var exit *exec.ExitError
	if errors.As(s.status, &exit) {
		return exit.ExitCode()
	}
	return 0
}

func (s *server) kill() {
	s.cmd.Process.Kill()
	<-s.exited
}

// status reads the server's /proc/PID/status: VmRSS in bytes, Threads.
func (s *server) memory() (rss int64, threads int, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.pid))
	if err != nil {
		return 0, 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		switch f[0] {
		case "VmRSS:":
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			rss = kb * 1024
		case "Threads:":
			threads, _ = strconv.Atoi(f[1])
		}
	}
	return rss, threads, nil
}

// cpu is the CPU time the server has used, user and system, from
// /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s).
func (s *server) cpu() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.pid))
	if err != nil {
		return 0
	}
	// The command name, in parentheses, may hold spaces: skip it.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	k, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+k) * 10 * time.Millisecond
}

// setFDLimit lowers (or raises, up to the hard limit) the server's
// open-file limit, soft and hard, from outside, as prlimit(1) does.
func (s *server) setFDLimit(n uint64) error {
	lim := unix.Rlimit{Cur: n, Max: n}
	return unix.Prlimit(s.pid, unix.RLIMIT_NOFILE, &lim, nil)
}

// lockedBuffer is a bytes.Buffer the server's stderr may write to while
// the harness reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.b.Len() > 1<<16 {
		return len(p), nil // enough to tell what went wrong
	}
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
