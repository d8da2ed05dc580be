//go:build exercise05

package epoll

import (
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
)

// Exercise 1: read epoll's answer.
//
// epoll_wait(2) filled ready with one entry per ready line: Fd, and
// Events, the bits that happened. Append one switchboard.Event per
// entry to events[:0] (so the last wait's events are gone) and return
// it. e.wants(fd) is what the line is watched for.
//   - EPOLLIN makes it Readable, and so does EPOLLRDHUP (the caller
//     hung up: the read that follows gives 0 bytes);
//   - EPOLLOUT makes it Writable;
//   - EPOLLHUP and EPOLLERR make it ready for whatever it is watched
//     for: with -trigger edge they are said once, and a line waiting
//     to write must hear of it too;
//   - never report more than the line is watched for; an entry left
//     with nothing is left out.
//
// Check: go test -race -tags exercise05 -run Exercise1 ./epoll
func (e *Epoll) collect(ready []unix.EpollEvent,
	events []switchboard.Event) []switchboard.Event {
	return events[:0]
}
