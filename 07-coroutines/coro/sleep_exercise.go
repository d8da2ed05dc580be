//go:build exercise07

package coro

import "time"

// Sleep parks co for d. The loop's thread serves everyone else
// meanwhile.
//
// Exercise 1: write it. Ask the loop for a timer (co.s.loop.After)
// whose func resumes co (co.Waker()), park (co.park()), and stop the
// timer once co runs again: Stop ended it early, perhaps.
func (co *Co) Sleep(d time.Duration) error {
	return nil
}
