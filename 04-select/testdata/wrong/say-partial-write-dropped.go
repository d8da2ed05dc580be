// Wrong: writes once and takes it as all said: what the line could not
// take is dropped, and the caller hears half an answer.
// Replaces: switchboard/say.go
// Fails: TestExercise3SayKeepsWhatTheLineCannotTakeYet

//go:build !exercise04

package switchboard

import "golang.org/x/sys/unix"

func (c *call) say() waitFor {
	_, err := unix.Write(c.fd, c.out)
	if err == unix.EAGAIN {
		return forWrite
	}
	if err != nil {
		return hungUp
	}
	c.out = nil
	if c.step == pickingUp {
		c.step = hearing
		return forRead
	}
	return hungUp
}
