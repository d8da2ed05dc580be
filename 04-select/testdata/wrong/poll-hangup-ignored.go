// Wrong: reads POLLIN and POLLOUT only, so a caller who hangs up while
// the line waits to write (POLLHUP alone) is never noticed.
// Replaces: switchboard/poll_events.go
// Fails: TestExercise1PollReportsEveryReadyLineAndEveryHangUp

//go:build !exercise04

package switchboard

import "golang.org/x/sys/unix"

func (p *Poll) collect(n int, events []Event) []Event {
	events = events[:0]
	for _, e := range p.fds {
		var ready Interest
		if e.Revents&unix.POLLIN != 0 {
			ready |= Readable
		}
		if e.Revents&unix.POLLOUT != 0 {
			ready |= Writable
		}
		if ready != 0 {
			events = append(events, Event{Fd: int(e.Fd), Ready: ready})
		}
	}
	return events
}
