package main

import (
	"runtime"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// acceptOn is the receptionist: she picks calls off the line and hands
// them to the pool, and does nothing else, so she is soon back in
// accept(2). She has a thread of her own, asleep in accept.
//
// When closeOn shuts the line down, accept fails and she closes the
// queue: no more calls come in, and the workers go home once it is
// empty. The calls still in it were accepted but never picked up; each
// hears busy, from her or from a worker, so none is dropped unheard.
func (p *pool) acceptOn(line int) error {
	runtime.LockOSThread()
	for {
		fd, err := blocking.Accept(line)
		if err != nil {
			if !p.closing.Load() {
				return err
			}
			close(p.queue)
			for fd := range p.queue { // the workers take some too
				blocking.Refuse(fd, phone.ErrBusy)
			}
			return nil
		}
		p.offer(fd)
	}
}
