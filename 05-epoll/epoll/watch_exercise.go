//go:build exercise05

package epoll

import "github.com/holdtheline/holdtheline/04-select/switchboard"

// Exercise 2: tell the kernel only what changes.
//
// The switchboard calls Watch(fd, want) when a call's interest
// changes: Readable to hear, Writable while output waits, 0 while the
// caller is on hold. Keep what each line is watched for in
// e.lines[fd] (grow the slice as needed: fds are small numbers), and
// make one e.ctl(op, fd, want) call, or none:
//   - a line not watched yet, or watched for nothing, that is now
//     watched for something: unix.EPOLL_CTL_ADD;
//   - a line watched for something, now for something else:
//     unix.EPOLL_CTL_MOD;
//   - a line watched for something, now for nothing:
//     unix.EPOLL_CTL_DEL (it stays on the board: watched is true);
//   - the same interest as before, or nothing for a line not in the
//     kernel: no call at all.
//
// e.ctl builds the events from want (EPOLLOUT only for Writable).
// A negative fd is out of reach: wrap switchboard.ErrOutOfReach.
// Check: go test -race -tags exercise05 -run Exercise2 ./epoll
func (e *Epoll) Watch(fd int, want switchboard.Interest) error {
	return switchboard.ErrOutOfReach
}
