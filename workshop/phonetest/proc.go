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

// A File is one of the server's open file descriptors, as /proc shows
// it from outside the process.
type File struct {
	FD    int
	Link  string // what it is: "socket:[123]", "anon_inode:[eventfd]"
	Flags int    // its open-file flags, O_NONBLOCK among them
}

// Files returns the server's open files now: whether its sockets are
// blocking is a chapter's claim, and the flags say so from outside.
// The flags are read from /proc/PID/fdinfo/FD, which shows what
// fcntl(F_GETFL) would, and O_CLOEXEC too. A file closed while they
// are read is left out: it is no longer open.
func (s *Server) Files(t testing.TB) []File {
	t.Helper()
	dir := fmt.Sprintf("/proc/%d/fd", s.Pid)
	fds, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("phonetest: listing the server's fds: %v", err)
	}
	var files []File
	for _, e := range fds {
		fd, err := strconv.Atoi(e.Name())
		if err != nil {
			t.Fatalf("phonetest: %s/%s is not an fd", dir, e.Name())
		}
		link, err := os.Readlink(dir + "/" + e.Name())
		if err != nil {
			continue // closed since the listing
		}
		info, err := os.ReadFile(fmt.Sprintf("/proc/%d/fdinfo/%d",
			s.Pid, fd))
		if err != nil {
			continue
		}
		flags, ok := fdinfoFlags(string(info))
		if !ok {
			t.Fatalf("phonetest: no flags in /proc/%d/fdinfo/%d:\n%s",
				s.Pid, fd, info)
		}
		files = append(files, File{FD: fd, Link: link, Flags: flags})
	}
	return files
}

// fdinfoFlags reads the "flags:" line of an fdinfo file: octal, as the
// O_ constants are written in C.
func fdinfoFlags(info string) (int, bool) {
	for line := range strings.Lines(info) {
		if v, ok := strings.CutPrefix(line, "flags:"); ok {
			flags, err := strconv.ParseInt(strings.TrimSpace(v), 8, 64)
			return int(flags), err == nil
		}
	}
	return 0, false
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

// CPUOver waits out window and returns the CPU time the server used
// meanwhile, and the wall time that really passed: a server that
// waits uses next to none of it, one that spins nearly all.
func (s *Server) CPUOver(t testing.TB, window time.Duration) (used,
	wall time.Duration) {
	t.Helper()
	before, start := s.CPUTime(t), time.Now()
	time.Sleep(window)
	return s.CPUTime(t) - before, time.Since(start)
}

// Wanted returns how long the server's threads have run or waited,
// runnable, for a core: /proc/PID/task/*/schedstat's first two fields,
// in ns. On a busy machine a server that spins gets a small share of a
// core, but it wants one all the time: its run time and its wait for a
// core add up to the wall time that passed, however busy the machine.
// A server that waits wants next to none. So Wanted, not CPUTime, tells
// the two apart on a shared machine.
func (s *Server) Wanted(t testing.TB) time.Duration {
	t.Helper()
	tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", s.Pid))
	if err != nil {
		t.Fatalf("phonetest: %v", err)
	}
	var ns int64
	for _, task := range tasks {
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/schedstat",
			s.Pid, task.Name()))
		if err != nil {
			continue // the thread ended meanwhile
		}
		f := strings.Fields(string(stat))
		for _, field := range f[:min(2, len(f))] {
			n, err := strconv.ParseInt(field, 10, 64)
			if err != nil {
				t.Fatalf("phonetest: %s's schedstat: %q", task.Name(), stat)
			}
			ns += n
		}
	}
	return time.Duration(ns)
}

// WantedOver waits out window and returns how long the server's
// threads ran or waited to run meanwhile (Wanted), and the wall time
// that really passed.
func (s *Server) WantedOver(t testing.TB, window time.Duration) (wanted,
	wall time.Duration) {
	t.Helper()
	before, start := s.Wanted(t), time.Now()
	time.Sleep(window)
	return s.Wanted(t) - before, time.Since(start)
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
