// Wrong: waits for room by trying again and again, spinning a core.
// Replaces: offer.go
// Fails: TestExercise3BlockWhenFullWaitsForRoom

//go:build !exercise03

package main

import (
	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

func (p *pool) offer(fd int) {
	for {
		select {
		case p.queue <- fd:
			return
		default:
		}
		if !p.block {
			blocking.Refuse(fd, phone.ErrBusy)
			return
		}
	}
}
