package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// A stamp says which machine a figure was measured on.
type stamp struct {
	CPU        string
	Cores      int
	GOMAXPROCS int
	Kernel     string
	Go         string
	FDLimit    uint64
	Date       time.Time
}

func stampThisMachine() stamp {
	s := stamp{Cores: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0),
		Date: time.Now().UTC()}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok &&
				strings.TrimSpace(k) == "model name" {
				s.CPU = strings.Join(strings.Fields(v), " ")
				break
			}
		}
		f.Close()
	}
	var u unix.Utsname
	if unix.Uname(&u) == nil {
		s.Kernel = unix.ByteSliceToString(u.Release[:])
	}
	// The servers are built by the go command, not by this binary's
	// toolchain: ask it.
	s.Go = runtime.Version()
	if out, err := exec.Command("go", "env", "GOVERSION").Output(); err == nil {
		s.Go = strings.TrimSpace(string(out))
	}
	var lim unix.Rlimit
	if unix.Getrlimit(unix.RLIMIT_NOFILE, &lim) == nil {
		s.FDLimit = lim.Cur
	}
	return s
}

// line is the stamp on one line, for the foot of a figure.
func (s stamp) line() string {
	return fmt.Sprintf("%s, %d cores, GOMAXPROCS %d, Linux %s, %s, "+
		"fd limit %d, %s", s.CPU, s.Cores, s.GOMAXPROCS, s.Kernel, s.Go,
		s.FDLimit, s.Date.Format("2006-01-02 15:04 MST"))
}

func (s stamp) text() string {
	return fmt.Sprintf("cpu: %s\ncores: %d\nGOMAXPROCS: %d\nkernel: %s\n"+
		"go: %s\nfd limit: %d\ndate: %s\n", s.CPU, s.Cores, s.GOMAXPROCS,
		s.Kernel, s.Go, s.FDLimit, s.Date.Format(time.RFC3339))
}

// listenOverflows is TcpExt ListenOverflows from /proc/net/netstat
// (what `nstat` shows): how many connections the kernel dropped because
// a listen backlog was full. It counts for the whole network namespace,
// so another program's overflow shows here too.
func listenOverflows() int64 {
	b, err := os.ReadFile("/proc/net/netstat")
	if err != nil {
		return -1
	}
	lines := strings.Split(string(b), "\n")
	for i := 0; i+1 < len(lines); i += 2 {
		names, values := strings.Fields(lines[i]), strings.Fields(lines[i+1])
		if len(names) == 0 || names[0] != "TcpExt:" || len(names) != len(values) {
			continue
		}
		for j, n := range names {
			if n == "ListenOverflows" {
				v, _ := strconv.ParseInt(values[j], 10, 64)
				return v
			}
		}
	}
	return -1
}

// selfCPU is the CPU time this process (the harness and the callers in
// it) has used, user and system.
func selfCPU() time.Duration {
	var ru unix.Rusage
	if unix.Getrusage(unix.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadAverage is the machine's one-minute load average, as
// /proc/loadavg says it, or "unknown".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "unknown"
}
