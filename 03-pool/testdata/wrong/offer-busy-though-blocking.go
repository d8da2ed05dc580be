// Wrong: ignores block and says busy whenever the queue is full.
// Replaces: offer.go
// Fails: TestExercise3BlockWhenFullWaitsForRoom

//go:build !exercise03

package main

import (
	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

func (p *pool) offer(fd int) {
	select {
	case p.queue <- fd:
	default:
		blocking.Refuse(fd, phone.ErrBusy)
	}
}
