//go:build !exercise03

package main

import (
	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// offer hands an accepted call to the pool. If the queue has room, the
// call waits there, still ringing, for a free worker.
//
// If the queue is full there are two honest choices. Say busy: pick up
// only to say "error: busy" and hang up, so the caller knows at once
// and can try later. Or block: stop accepting until a worker frees a
// place, and let new callers ring in the kernel's listen backlog, as
// in chapter 1, until that is full too and the kernel drops their
// connects. A pool that does neither drops calls without a word.
func (p *pool) offer(fd int) {
	select {
	case p.queue <- fd:
		return
	default: // the queue is full
	}
	if p.block {
		p.queue <- fd // asleep until a worker takes one
		return
	}
	blocking.Refuse(fd, phone.ErrBusy)
}
