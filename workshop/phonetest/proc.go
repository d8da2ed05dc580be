package phonetest

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// clockTicks is how many ticks of CPU time /proc counts per second
// (sysconf(_SC_CLK_TCK)). Linux has reported 100 to user space on
// every architecture for decades, whatever the kernel's real HZ.
const clockTicks = 100

// Threads returns how many OS threads the server has: the number a
// thread-per-call operator grows and an event loop keeps flat.
func (s *Server) Threads(t testing.TB) int {
	t.Helper()
	return int(s.statusField(t, "Threads:"))
}

// RSS returns the server's resident memory in bytes: what holding its
// calls really costs it.
func (s *Server) RSS(t testing.TB) int64 {
	t.Helper()
	return s.statusField(t, "VmRSS:") * 1024 // /proc says kB
}

// OpenFDs returns how many file descriptors the server has open: a
// server that forgets to close a call shows up here.
func (s *Server) OpenFDs(t testing.TB) int {
	t.Helper()
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", s.Pid))
	if err != nil {
		t.Fatalf("phonetest: counting the server's fds: %v", err)
	}
	return len(fds)
}

// CPUTime returns the CPU time the server has used so far, in user and
// kernel mode together. Compared with the wall time that passed, it
// tells a server that waits from one that spins.
func (s *Server) CPUTime(t testing.TB) time.Duration {
	t.Helper()
	stat := s.readProc(t, "stat")
	// The command name, in parentheses, may hold spaces: count fields
	// from the last ')'. Field 3 (state) comes first, then utime is
	// field 14 and stime field 15.
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		t.Fatalf("phonetest: cannot read /proc/%d/stat: %q", s.Pid, stat)
	}
	f := strings.Fields(stat[i+1:])
	if len(f) < 13 {
		t.Fatalf("phonetest: cannot read /proc/%d/stat: %q", s.Pid, stat)
	}
	var ticks int64
	for _, field := range f[11:13] {
		n, err := strconv.ParseInt(field, 10, 64)
		if err != nil {
			t.Fatalf("phonetest: /proc/%d/stat: %v", s.Pid, err)
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / clockTicks
}

// SetFDLimit lowers the server's open-file limit to n, so a test can
// run it out of fds without opening thousands. Both the soft and the
// hard limit are set: Go raises the soft limit to the hard one when a
// program starts, so only a lowered hard limit sticks.
func (s *Server) SetFDLimit(t testing.TB, n uint64) {
	t.Helper()
	lim := unix.Rlimit{Cur: n, Max: n}
	if err := unix.Prlimit(s.Pid, unix.RLIMIT_NOFILE, &lim, nil); err != nil {
		t.Fatalf("phonetest: prlimit(%d, RLIMIT_NOFILE, %d): %v",
			s.Pid, n, err)
	}
}

// statusField returns the number after name in /proc/PID/status.
func (s *Server) statusField(t testing.TB, name string) int64 {
	t.Helper()
	for _, line := range strings.Split(s.readProc(t, "status"), "\n") {
		rest, ok := strings.CutPrefix(line, name)
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) > 0 {
			if n, err := strconv.ParseInt(f[0], 10, 64); err == nil {
				return n
			}
		}
	}
	t.Fatalf("phonetest: no %s in /proc/%d/status", name, s.Pid)
	return 0
}

func (s *Server) readProc(t testing.TB, file string) string {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/%s", s.Pid, file))
	if err != nil {
		t.Fatalf("phonetest: is the server still running? %v", err)
	}
	return string(b)
}
