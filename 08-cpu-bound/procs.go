package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"syscall"

	"github.com/holdtheline/holdtheline/workshop/contract"
)

// Procs are N processes of the inline operator, started by this binary
// from itself, each with its own line on the same port (SO_REUSEPORT).
// The parent takes no calls: it starts them, passes SIGTERM on, and
// waits. It is the contract's Model.
type Procs struct {
	children []*exec.Cmd
	waited   []chan error
}

// StartProcs starts n children of this binary with args (each a whole
// inline operator on addr, listening shared), and waits until each has
// said where it listens.
func StartProcs(n int, args []string) (*Procs, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	p := &Procs{}
	for i := range n {
		cmd := exec.Command(self, args...)
		cmd.Stderr = os.Stderr
		cmd.SysProcAttr = &syscall.SysProcAttr{
			// A parent killed outright still takes its children with
			// it: the kernel sends them SIGTERM, and they hang up as
			// the contract says.
			Pdeathsig: syscall.SIGTERM,
			// A Ctrl-C at the terminal reaches the parent alone, who
			// passes it on once.
			Setpgid: true,
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			p.StopPickingUp()
			p.Serve()
			return nil, fmt.Errorf("child %d: %w", i, err)
		}
		done := make(chan error, 1)
		started := make(chan error)
		go func() {
			// Pdeathsig fires when the thread that forked the child
			// ends, not the process: fork from a thread that lives as
			// long as the child.
			runtime.LockOSThread()
			err := cmd.Start()
			started <- err
			if err == nil {
				done <- cmd.Wait()
			}
		}()
		if err := <-started; err != nil {
			p.StopPickingUp()
			p.Serve()
			return nil, fmt.Errorf("child %d: %w", i, err)
		}
		p.children = append(p.children, cmd)
		p.waited = append(p.waited, done)
		first, err := bufio.NewReader(out).ReadString('\n')
		if _, ok := contract.ListeningAddr(first); !ok {
			p.StopPickingUp()
			p.Serve()
			return nil, fmt.Errorf("child %d did not start: %q %v",
				i, first, err)
		}
	}
	return p, nil
}

// Serve waits for every child to end, and says which did not end well.
func (p *Procs) Serve() error {
	var errs []error
	for i, done := range p.waited {
		if err := <-done; err != nil {
			errs = append(errs, fmt.Errorf("child %d (pid %d): %w",
				i, p.children[i].Process.Pid, err))
		}
	}
	return errors.Join(errs...)
}

// StopPickingUp passes SIGTERM to every child: each stops picking up
// and finishes its calls.
func (p *Procs) StopPickingUp() {
	for _, c := range p.children {
		c.Process.Signal(syscall.SIGTERM)
	}
}
