// Wrong: reads EPOLLIN and EPOLLOUT only, so a caller who resets the
// line while the operator waits to write (EPOLLHUP, EPOLLERR) is never
// heard of: edge-triggered, the call waits for ever.
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
	events = events[:0]
	for _, ev := range ready {
		var got switchboard.Interest
		if ev.Events&unix.EPOLLIN != 0 {
			got |= switchboard.Readable
		}
		if ev.Events&unix.EPOLLOUT != 0 {
			got |= switchboard.Writable
		}
		if got != 0 {
			events = append(events,
				switchboard.Event{Fd: int(ev.Fd), Ready: got})
		}
	}
	return events
}
