//go:build !exercise07

package coro

import "time"

// Sleep parks co for d. The loop's thread serves everyone else
// meanwhile; the timer is the loop's, and resumes co on its thread.
func (co *Co) Sleep(d time.Duration) error {
	t := co.s.loop.After(d, co.Waker())
	err := co.park()
	co.s.loop.Stop(t)
	return err
}
