package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// sleepersEnv tells a copy of this program, started by the demo, to be
// one half of it: "threads" or "goroutines".
const sleepersEnv = "HOLDTHELINE_SLEEPERS"

// runDemo is the talk's promise: "show demo of just starting a bunch of
// sleeping threads". It starts n sleeping OS threads, then n sleeping
// goroutines, and prints what each lot cost.
//
// Each lot sleeps in a fresh copy of this program, so neither sees the
// memory the other left behind, and so that a copy the runtime kills
// for having too many threads is reported here instead of killing the
// demo.
func runDemo(w io.Writer, n, maxThreads int) int {
	if kind := os.Getenv(sleepersEnv); kind != "" {
		return sleep(w, kind, n) // we are the copy
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

// sleepElsewhere runs one lot of sleepers in a copy of this program and
// returns its row of the table. If the runtime killed the copy, the row
// says what the runtime said as it died.
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
	out, err := cmd.Output()
	if err == nil {
		return string(out), nil
	}
	if _, ok := err.(*exec.ExitError); !ok {
		return "", err
	}
	return fmt.Sprintf("%-11s the runtime killed it (%v):\n%s", kind,
		cmd.ProcessState, lastWords(stderr.String())), nil
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
