// Wrong: reports every bit the kernel set, so a line waiting to write
// is also "readable" when the caller speaks, and a hang-up is
// "readable and writable" whatever the call waits for.
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
		if ev.Events&(unix.EPOLLIN|unix.EPOLLRDHUP|unix.EPOLLHUP|
			unix.EPOLLERR) != 0 {
			got |= switchboard.Readable
		}
		if ev.Events&(unix.EPOLLOUT|unix.EPOLLHUP|unix.EPOLLERR) != 0 {
			got |= switchboard.Writable
		}
		events = append(events,
			switchboard.Event{Fd: int(ev.Fd), Ready: got})
	}
	return events
}
