// Wrong: after the greeting it waits to read, but leaves the call's
// step at picking up, so the question is never heard.
// Replaces: switchboard/say.go
// Fails: TestExercise3SayKeepsWhatTheLineCannotTakeYet

//go:build !exercise04

package switchboard

import "golang.org/x/sys/unix"

// say writes what the call still has to say, as much as the line will
// take now. A write may take only part (the caller reads slowly and
// the socket's buffer is full): what is left stays in c.out for the
// next time the line is writable.
func (c *call) say() waitFor {
	for len(c.out) > 0 {
		n, err := unix.Write(c.fd, c.out)
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN:
			return forWrite
		case err != nil:
			return hungUp // EPIPE, ECONNRESET: nobody to say it to
		}
		c.out = c.out[n:]
	}
	c.out = nil
	if c.step == pickingUp {
		return forRead
	}
	return hungUp // answered: hang up
}
