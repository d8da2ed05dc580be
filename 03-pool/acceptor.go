package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// Serve is the receptionist: she picks calls off the line and hands
// them to the pool, and does nothing else, so she is soon back in
// accept(2). She has a thread of her own, asleep in accept.
//
// Once the line is closed, she ends the day: no more calls come in,
// and the workers go home once the queue is empty. The calls still in
// it were accepted but never picked up; each hears busy, from her or
// from a worker, so none is dropped unheard. Serve returns when the
// last worker has gone home: every call picked up is over.
func (p *pool) Serve() error {
	runtime.LockOSThread()
	for {
		fd, err := blocking.Accept(p.line)
		if errors.Is(err, blocking.ErrLineClosed) {
			break
		}
		if err != nil {
			return err
		}
		p.offer(fd)
	}
	close(p.dayOver) // before the queue: a worker sees the day is over
	close(p.queue)
	for fd := range p.queue { // the workers take some too
		blocking.Refuse(fd, phone.ErrBusy)
	}
	p.workers.Wait()
	return unix.Close(p.line) // nobody is in accept(2) on it any more
}

// StopPickingUp closes the line; the contract calls it when SIGINT or
// SIGTERM comes. The receptionist's accept(2) wakes, and the kernel
// turns away the callers still ringing in the backlog.
func (p *pool) StopPickingUp() {
	if err := blocking.CloseLine(p.line); err != nil {
		// Then Serve never hears of it, and the grace runs out.
		fmt.Fprintln(os.Stderr, "03-pool: closing the line:", err)
	}
}
