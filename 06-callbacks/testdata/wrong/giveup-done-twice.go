// Wrong: closes the connection but keeps no note that the call is over, and leaves the clock: the budget, when it passes, tells done a second time.
// Replaces: records/giveup.go
// Fails: TestExercise2GivingUpHangsUpOnTheRecordsRoomOnce

//go:build !exercise06

package records

func (a *asking) giveUp(err error) {
	if a.dialing != nil {
		a.dialing.Cancel()
		a.dialing = nil
	}
	if a.fd >= 0 {
		a.r.Close(a.fd)
		a.fd = -1
	}
	a.done("", err)
}
