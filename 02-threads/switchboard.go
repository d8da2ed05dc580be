//go:build !exercise

package main

import (
	"sync"
	"sync/atomic"
	"time"
)

// A switchboard counts the calls in progress, up to a limit, so that a
// rush of callers costs at most max threads, and so that closing time
// can wait for the last call.
//
// Only the switchboard's thread picks up, and it stops picking up
// before anyone waits for quiet; hangUp may come from any thread.
type switchboard struct {
	max    int64
	onLine atomic.Int64   // calls picked up, not yet hung up
	calls  sync.WaitGroup // the same calls, to wait for
}

func newSwitchboard(max int) *switchboard {
	return &switchboard{max: int64(max)}
}

// pickUp takes a line for a new call, or says false if all max are in
// use: that caller hears "busy".
func (s *switchboard) pickUp() bool {
	if s.onLine.Add(1) > s.max {
		s.onLine.Add(-1)
		return false
	}
	s.calls.Add(1)
	return true
}

// hangUp gives back the line of a call that is over.
func (s *switchboard) hangUp() {
	s.onLine.Add(-1)
	s.calls.Done()
}

// waitQuiet waits until every call picked up has hung up, or until d
// has passed, and says whether the line went quiet.
func (s *switchboard) waitQuiet(d time.Duration) bool {
	quiet := make(chan struct{})
	go func() {
		s.calls.Wait()
		close(quiet)
	}()
	select {
	case <-quiet:
		return true
	case <-time.After(d):
		return false
	}
}
