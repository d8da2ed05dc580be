// Wrong: closes the fd behind the reactor's back (unix.Close): its callbacks stay on the reactor, and the next call that gets the same fd number is never heard.
// Replaces: records/giveup.go
// Fails: TestExercise2GivingUpHangsUpOnTheRecordsRoomOnce

//go:build !exercise06

package records

import "golang.org/x/sys/unix"

func (a *asking) giveUp(err error) {
	if a.done == nil {
		return
	}
	done := a.done
	a.done = nil
	a.r.Cancel(a.clock)
	if a.dialing != nil {
		a.dialing.Cancel()
		a.dialing = nil
	}
	if a.fd >= 0 {
		unix.Close(a.fd)
		a.fd = -1
	}
	done("", err)
}
