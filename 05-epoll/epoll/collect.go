//go:build !exercise05

package epoll

import (
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
)

// collect turns what epoll_wait(2) wrote into the switchboard's
// events, appended to events[:0] so the loop reuses one slice.
func (e *Epoll) collect(ready []unix.EpollEvent,
	events []switchboard.Event) []switchboard.Event {
	events = events[:0]
	for _, ev := range ready {
		fd := int(ev.Fd)
		want := e.wants(fd)
		var got switchboard.Interest
		// EPOLLRDHUP: the caller hung up, and a read says so.
		if ev.Events&(unix.EPOLLIN|unix.EPOLLRDHUP) != 0 {
			got |= switchboard.Readable
		}
		if ev.Events&unix.EPOLLOUT != 0 {
			got |= switchboard.Writable
		}
		// A hang-up or an error ends whatever the line waits for.
		// Edge-triggered, it is said once: a line waiting to write
		// that is not told would wait for ever.
		if ev.Events&(unix.EPOLLHUP|unix.EPOLLERR) != 0 {
			got |= want
		}
		// Never more than the call waits for: the loop would do a
		// step the call is not at.
		if got &= want; got != 0 {
			events = append(events,
				switchboard.Event{Fd: fd, Ready: got})
		}
	}
	return events
}
