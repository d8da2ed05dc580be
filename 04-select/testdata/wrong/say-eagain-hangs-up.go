// Wrong: takes EAGAIN for an error and hangs up on a caller who only
// reads slowly.
// Replaces: switchboard/say.go
// Fails: TestExercise3SayKeepsWhatTheLineCannotTakeYet

//go:build !exercise04

package switchboard

import "golang.org/x/sys/unix"

func (c *call) say() waitFor {
	for len(c.out) > 0 {
		n, err := unix.Write(c.fd, c.out)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return hungUp
		}
		c.out = c.out[n:]
	}
	c.out = nil
	if c.step == pickingUp {
		c.step = hearing
		return forRead
	}
	return hungUp
}
