// Wrong: makes an event of every entry, ready or not, so the loop
// calls read on lines with nothing to read.
// Replaces: switchboard/poll_events.go
// Fails: TestExercise1PollReportsEveryReadyLineAndEveryHangUp

//go:build !exercise04

package switchboard

import "golang.org/x/sys/unix"

func (p *Poll) collect(n int, events []Event) []Event {
	events = events[:0]
	for _, e := range p.fds {
		if e.Fd < 0 {
			continue
		}
		var ready Interest
		if e.Revents&(unix.POLLIN|unix.POLLHUP|unix.POLLERR) != 0 {
			ready |= Readable
		}
		if e.Revents&unix.POLLOUT != 0 {
			ready |= Writable
		}
		events = append(events, Event{Fd: int(e.Fd), Ready: ready})
	}
	return events
}
