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

// benchKey names figure 4's benchmark binary among the binaries.
var benchKey = waitBench.dir + "/" + waitBench.pkg

// binPath is where build puts the binary of a directory.
func binPath(dir, of string) string {
	return filepath.Join(dir, strings.ReplaceAll(strings.TrimPrefix(of, "./"), "/", "-"))
}

// build compiles each model's main package once into dir, and, if
// figure 4 is to be drawn, chapter 05's benchmarks (go test -c): all
// of it before the harness leaves the machine's network, so the go
// command can fetch what a fresh module cache lacks.
func build(root, dir string, ms []model, exps []experiment, say func(string)) error {
	done := map[string]bool{}
	for _, m := range ms {
		if done[m.dir] {
			continue
		}
		say("building " + m.dir)
		cmd := exec.Command("go", "build", "-o", binPath(dir, m.dir), ".")
		cmd.Dir = filepath.Join(root, m.dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go build in %s: %v\n%s", m.dir, err, out)
		}
		done[m.dir] = true
	}
	for _, e := range exps {
		if e.name != "4-waitcost" {
			continue
		}
		if _, err := os.Stat(filepath.Join(root, waitBench.dir, "go.mod")); err != nil {
			return nil // drawn when chapter 05 is in the checkout
		}
		say("building the benchmarks of " + benchKey)
		cmd := exec.Command("go", "test", "-c", "-o", binPath(dir, benchKey),
			waitBench.pkg)
		cmd.Dir = filepath.Join(root, waitBench.dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go test -c in %s: %v\n%s", waitBench.dir, err, out)
		}
	}
	return nil
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

// cpu is the CPU time the server's threads have used, in nanoseconds:
// the first field of /proc/PID/task/TID/schedstat, summed over its
// threads. /proc/PID/stat counts in ticks of 10 ms, too coarse for a
// run of a tenth of a second. A thread that has exited is no longer
// counted; the Go runtime keeps its threads, so a reading taken across
// a run loses nothing the run did.
func (s *server) cpu() time.Duration {
	tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", s.pid))
	if err != nil {
		return 0
	}
	var total int64
	for _, t := range tasks {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/schedstat", s.pid, t.Name()))
		if err != nil {
			continue // the thread has just exited
		}
		if f := strings.Fields(string(b)); len(f) > 0 {
			ns, _ := strconv.ParseInt(f[0], 10, 64)
			total += ns
		}
	}
	return time.Duration(total)
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
