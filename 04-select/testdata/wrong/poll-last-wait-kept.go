// Wrong: appends to the slice as it comes, so the events of the last
// wait are handed to the loop again, lines that are no longer ready.
// Replaces: switchboard/poll_events.go
// Fails: TestExercise1PollReportsEveryReadyLineAndEveryHangUp

//go:build !exercise04

package switchboard

import "golang.org/x/sys/unix"

func (p *Poll) collect(n int, events []Event) []Event {
	for _, e := range p.fds {
		if e.Revents == 0 {
			continue
		}
		var ready Interest
		if e.Revents&(unix.POLLIN|unix.POLLHUP|unix.POLLERR) != 0 &&
			e.Events&unix.POLLIN != 0 {
			ready |= Readable
		}
		if e.Revents&(unix.POLLOUT|unix.POLLHUP|unix.POLLERR) != 0 &&
			e.Events&unix.POLLOUT != 0 {
			ready |= Writable
		}
		events = append(events, Event{Fd: int(e.Fd), Ready: ready})
	}
	return events
}
