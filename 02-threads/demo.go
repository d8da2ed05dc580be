package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// sleepersEnv tells a copy of this program, started by the demo, to be
// one half of it: "threads" or "goroutines".
const sleepersEnv = "HOLDTHELINE_SLEEPERS"

// runDemo starts a lot of threads that do nothing but sleep, then as
// many goroutines, and prints what each lot cost: the classic way to
// see what a thread per call costs while it only waits.
//
// Each lot sleeps in a fresh copy of this program, so neither sees the
// memory the other left behind; the demo measures the copy from
// outside, in /proc, the way the tests measure a server. A copy the
// runtime kills for having too many threads is reported here instead
// of killing the demo.
func runDemo(w io.Writer, n, maxThreads int) int {
	if kind := os.Getenv(sleepersEnv); kind != "" {
		return sleep(os.Stdin, w, kind, n) // we are the copy
	}
	fmt.Fprintf(w, "02-threads: %d sleepers of each kind, each kind in "+
		"a fresh process (max threads %d)\n", n, maxThreads)
	fmt.Fprintln(w, header)
	for _, kind := range []string{"threads", "goroutines"} {
		row, err := sleepElsewhere(kind, n, maxThreads)
		if err != nil {
			fmt.Fprintf(w, "%-11s %v\n", kind, err)
			return 1
		}
		fmt.Fprint(w, row)
	}
	return 0
}

// header heads the demo's table; sleepElsewhere makes one row of it.
const header = "sleepers    started in  threads  RSS       RSS each  " +
	"kernel stack each"

// sleepElsewhere runs one lot of sleepers in a copy of this program and
// returns its row of the table. If the runtime killed the copy, the row
// says what the runtime said as it died.
//
// The copy says "ready" once it is up, starts its sleepers when told
// to, says "asleep" once they all are, and wakes them when its input
// closes. In between, this process reads the copy's /proc/PID/status
// and the machine's /proc/meminfo, and times the start from outside.
func sleepElsewhere(kind string, n, maxThreads int) (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	cmd := exec.Command(self, "-demo", strconv.Itoa(n),
		"-max-threads", strconv.Itoa(maxThreads))
	// GOTRACEBACK=none: a dying copy need not print 10,000 stacks.
	cmd.Env = append(os.Environ(), sleepersEnv+"="+kind,
		"GOTRACEBACK=none")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	tell, err := cmd.StdinPipe()
	if err != nil {
		return "", err
	}
	said, err := cmd.StdoutPipe()
	if err != nil {
		return "", err
	}
	if err := cmd.Start(); err != nil {
		return "", err
	}
	defer cmd.Wait()
	defer tell.Close() // wakes the sleepers, and the copy exits
	copyOf := bufio.NewReader(said)
	hear := func(want string) error {
		line, err := copyOf.ReadString('\n')
		if line != want+"\n" {
			return fmt.Errorf("the copy said %q, not %q: %v",
				line, want, err)
		}
		return nil
	}

	if err := hear("ready"); err != nil {
		return "", err
	}
	before, err := readStatus(cmd.Process.Pid)
	if err != nil {
		return "", err
	}
	began := time.Now()
	fmt.Fprintln(tell, "go")
	if hear("asleep") != nil {
		tell.Close()
		io.Copy(io.Discard, said)
		cmd.Wait()
		return fmt.Sprintf("%-11s the runtime killed it (%v):\n%s", kind,
			cmd.ProcessState, lastWords(stderr.String())), nil
	}
	took := time.Since(began)
	asleep, err := readStatus(cmd.Process.Pid)
	if err != nil {
		return "", err
	}

	each := func(b, a int64) string { return size((a - b) / int64(n)) }
	return fmt.Sprintf("%-11s %-11v %-8d %-9s %-9s %s\n", kind,
		took.Round(100*time.Microsecond), asleep.threads,
		size(asleep.rss), each(before.rss, asleep.rss),
		each(before.kstack, asleep.kstack)), nil
}

// lastWords picks out of a crashed Go program's standard error the lines
// the runtime said why: "runtime: ..." and "fatal error: ...".
func lastWords(stderr string) string {
	var why strings.Builder
	for line := range strings.Lines(stderr) {
		if strings.HasPrefix(line, "runtime: ") ||
			strings.HasPrefix(line, "fatal error: ") {
			why.WriteString("            " + line)
		}
	}
	if why.Len() == 0 {
		return "            " + strings.TrimSpace(stderr) + "\n"
	}
	return why.String()
}

// A status is what /proc/PID/status says of a process, and what
// /proc/meminfo says of the kernel's stacks: every thread has one in
// the kernel too, and that memory is in nobody's RSS.
type status struct {
	rss     int64 // resident memory, bytes
	threads int
	kstack  int64 // the kernel's stacks, all processes', bytes
}

func readStatus(pid int) (status, error) {
	proc, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return status{}, err
	}
	kernel, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return status{}, err
	}
	var s status
	for line := range strings.Lines(string(proc) + string(kernel)) {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		n, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			s.rss = n * 1024 // /proc says kB
		case "Threads:":
			s.threads = int(n)
		case "KernelStack:":
			s.kstack = n * 1024
		}
	}
	return s, nil
}

// size prints bytes for a person: 12.3 MB, 8.1 kB. Under a kilobyte a
// count per sleeper is noise (other processes come and go), so it says
// only that.
func size(b int64) string {
	switch {
	case b >= 1e9:
		return fmt.Sprintf("%.1f GB", float64(b)/1e9)
	case b >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(b)/1e6)
	case b >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(b)/1e3)
	}
	return "< 1 kB"
}
