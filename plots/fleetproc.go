package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/holdtheline/holdtheline/workshop/caller"
)

// fleetChildArg, first on the command line, makes this binary a fleet
// process: it calls, and prints a fleetResult as JSON. Figure 7 pins
// one to a core of its own; figure 6 runs several, because a process
// can hold only as many calls as its own fd limit allows.
const fleetChildArg = "-fleet-child"

// fleetArgs are a fleet process's orders.
type fleetArgs struct {
	addr    string
	n       int
	rate    float64 // callers per second; 0: as fast as ringing allows
	ringing int
	timeout time.Duration
	calls   bool // report every call's pick-up and answer
}

// fleetResult is what a fleet process reports.
type fleetResult struct {
	Answered, Busy, Other int
	Elapsed, CPU          time.Duration
	// Calls are the answered calls' pick-up and answer, in Unix
	// nanoseconds: the wall clock, which every process on the machine
	// shares, unlike the monotonic one.
	Calls [][2]int64 `json:",omitempty"`

	serverCPU time.Duration // figure 7 fills it in
}

func (f fleetResult) serverShare() float64 {
	return f.serverCPU.Seconds() / f.Elapsed.Seconds()
}

func (f fleetResult) fleetShare() float64 {
	return f.CPU.Seconds() / f.Elapsed.Seconds()
}

// answered turns Calls back into calls for mostHeld.
func (f fleetResult) answered() []caller.Call {
	calls := make([]caller.Call, len(f.Calls))
	for i, c := range f.Calls {
		calls[i] = caller.Call{Name: "alice", Reply: "alice: 555-7479",
			PickedUp: time.Unix(0, c[0]), Answered: time.Unix(0, c[1])}
	}
	return calls
}

// fleetProcess runs a fleet process, on cpus if not "", with env added.
func fleetProcess(a fleetArgs, cpus, env string) (fleetResult, error) {
	self, err := os.Executable()
	if err != nil {
		return fleetResult{}, err
	}
	name, args := self, []string{fleetChildArg, "-addr", a.addr,
		"-n", itoa(a.n), "-rate", ftoa(a.rate), "-ringing", itoa(a.ringing),
		"-timeout", a.timeout.String(), fmt.Sprintf("-calls=%v", a.calls)}
	if cpus != "" {
		name, args = "taskset", append([]string{"-c", cpus, self}, args...)
	}
	cmd := exec.Command(name, args...)
	cmd.Env = os.Environ()
	if env != "" {
		cmd.Env = append(cmd.Env, env)
	}
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return fleetResult{}, fmt.Errorf("the fleet process: %v", err)
	}
	var res fleetResult
	if err := json.Unmarshal(out, &res); err != nil {
		return fleetResult{}, fmt.Errorf("the fleet process said %.200q: %v", out, err)
	}
	return res, nil
}

func fleetChild(argv []string) int {
	fs := flag.NewFlagSet("fleet", flag.ContinueOnError)
	var a fleetArgs
	fs.StringVar(&a.addr, "addr", "", "the operator")
	fs.IntVar(&a.n, "n", 1000, "calls")
	fs.Float64Var(&a.rate, "rate", 0, "callers per second")
	fs.IntVar(&a.ringing, "ringing", maxRinging, "most callers ringing")
	fs.DurationVar(&a.timeout, "timeout", 30*time.Second, "patience per call")
	fs.BoolVar(&a.calls, "calls", false, "report every answered call")
	if fs.Parse(argv) != nil {
		return 2
	}
	cpu := selfCPU()
	rep := caller.Fleet{Addr: a.addr, N: a.n, Rate: a.rate,
		MaxRinging: a.ringing, Timeout: a.timeout}.Run(context.Background())
	res := fleetResult{Elapsed: rep.Elapsed, CPU: selfCPU() - cpu}
	for _, c := range rep.Calls {
		switch c.Outcome() {
		case caller.Answered:
			res.Answered++
			if a.calls {
				res.Calls = append(res.Calls,
					[2]int64{c.PickedUp.UnixNano(), c.Answered.UnixNano()})
			}
		case caller.Busy:
			res.Busy++
		default:
			res.Other++
		}
	}
	json.NewEncoder(os.Stdout).Encode(res)
	return 0
}
