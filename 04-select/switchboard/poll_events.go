//go:build !exercise04

package switchboard

import "golang.org/x/sys/unix"

// collect turns what poll(2) wrote in the entries' revents into
// events, appended to events[:0]. n is poll's return: how many entries
// have revents set, so the scan can stop once it has found them all.
func (p *Poll) collect(n int, events []Event) []Event {
	events = events[:0]
	for i := 0; i < len(p.fds) && len(events) < n; i++ {
		e := p.fds[i]
		if e.Revents == 0 {
			continue
		}
		var ready Interest
		if e.Revents&unix.POLLIN != 0 {
			ready |= Readable
		}
		if e.Revents&unix.POLLOUT != 0 {
			ready |= Writable
		}
		// A hang-up or an error ends whatever the line waited for:
		// report it ready for that, so the read or write that follows
		// meets the hang-up and the call is closed.
		if e.Revents&(unix.POLLHUP|unix.POLLERR|unix.POLLNVAL) != 0 {
			if e.Events&unix.POLLIN != 0 {
				ready |= Readable
			}
			if e.Events&unix.POLLOUT != 0 {
				ready |= Writable
			}
		}
		events = append(events, Event{Fd: int(e.Fd), Ready: ready})
	}
	return events
}
