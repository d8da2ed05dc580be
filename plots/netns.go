package main

import (
	"os"
	"os/exec"
)

// insideEnv marks a harness already running in a network namespace of
// its own, so it does not re-enter one.
const insideEnv = "PLOTS_OWN_NETNS"

// ownNetns runs this harness again, with the same arguments and env, in a new
// network namespace with only loopback up, and returns its exit
// status. There the kernel's counters are the run's alone: TcpExt
// ListenOverflows counts only the backlogs of the servers measured,
// not those of the tests other people run on the same machine. It
// needs root, unshare(1) and ip(8); ok is false when it cannot.
func ownNetns(env ...string) (status int, ok bool) {
	if os.Getenv(insideEnv) != "" || os.Geteuid() != 0 {
		return 0, false
	}
	for _, tool := range []string{"unshare", "ip"} {
		if _, err := exec.LookPath(tool); err != nil {
			return 0, false
		}
	}
	// A container may forbid new namespaces: try one first, so a
	// failure here is not mistaken for the harness failing.
	if exec.Command("unshare", "--net", "ip", "link", "set", "lo", "up").Run() != nil {
		return 0, false
	}
	self, err := os.Executable()
	if err != nil {
		return 0, false
	}
	cmd := exec.Command("unshare", append([]string{"--net", "sh", "-c",
		`ip link set lo up && exec "$0" "$@"`, self}, os.Args[1:]...)...)
	cmd.Env = append(append(os.Environ(), insideEnv+"=1"), env...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		if exit, isExit := err.(*exec.ExitError); isExit {
			return exit.ExitCode(), true
		}
		return 0, false // could not start: measure where we are
	}
	return 0, true
}
