// Wrong: tells done and stops: the connection stays open, and the budget clock still runs.
// Replaces: records/giveup.go
// Fails: TestExercise2GivingUpHangsUpOnTheRecordsRoomOnce

//go:build !exercise06

package records

func (a *asking) giveUp(err error) {
	if a.done == nil {
		return
	}
	done := a.done
	a.done = nil
	done("", err)
}
