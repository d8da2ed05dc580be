// Wrong: appends to the slice as it comes, so the events of the last
// wait are handed to the loop again, lines that are no longer ready.
// Replaces: epoll/collect.go
// Fails: TestExercise1EpollReportsEveryReadyLineAndEveryHangUp

//go:build !exercise05

package epoll

import (
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
)

func (e *Epoll) collect(ready []unix.EpollEvent,
	events []switchboard.Event) []switchboard.Event {
	for _, ev := range ready {
		fd := int(ev.Fd)
		want := e.wants(fd)
		var got switchboard.Interest
		if ev.Events&(unix.EPOLLIN|unix.EPOLLRDHUP) != 0 {
			got |= switchboard.Readable
		}
		if ev.Events&unix.EPOLLOUT != 0 {
			got |= switchboard.Writable
		}
		if ev.Events&(unix.EPOLLHUP|unix.EPOLLERR) != 0 {
			got |= want
		}
		if got &= want; got != 0 {
			events = append(events,
				switchboard.Event{Fd: fd, Ready: got})
		}
	}
	return events
}
