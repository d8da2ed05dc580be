package switchboard

import (
	"errors"
	"math"
	"time"
)

// An Interest is what a line is watched for: the bits of Readable and
// Writable. Zero watches for nothing, and keeps the line on the board.
type Interest uint8

// The two things a line can be ready for.
const (
	// Readable: a read(2) or accept(2) will not block. A caller who
	// hung up is readable too: the read gives 0 bytes or an error.
	Readable Interest = 1 << iota
	// Writable: a write(2) will take at least one byte.
	Writable
)

func (i Interest) String() string {
	switch i {
	case 0:
		return "nothing"
	case Readable:
		return "readable"
	case Writable:
		return "writable"
	case Readable | Writable:
		return "readable|writable"
	}
	return "Interest(?)"
}

// An Event is one line that is ready, and what for.
type Event struct {
	Fd    int
	Ready Interest
}

// A Poller watches file descriptors and waits until some are ready.
//
// The Loop calls Watch only when a line's interest really
// changes, so a Poller whose kernel keeps the interest (epoll) never
// makes a call that changes nothing. A Poller is used from the loop's
// one thread only.
type Poller interface {
	// Watch sets what fd is watched for; a first Watch adds fd. Zero
	// keeps fd watched for nothing, as for a call on hold. A Poller
	// that cannot watch fd returns an error wrapping ErrOutOfReach.
	Watch(fd int, want Interest) error
	// Forget stops watching fd. Call it before closing fd.
	Forget(fd int) error
	// Wait waits until a watched fd is ready or timeout passes
	// (negative: no timeout), and returns the ready ones appended to
	// events[:0], so the loop reuses one slice. A wait cut short by a
	// signal returns no events and no error.
	Wait(timeout time.Duration, events []Event) ([]Event, error)
	// Close releases what the Poller holds in the kernel, if anything.
	Close() error
}

// MaxWait is the longest a Poller waits at once. epoll_wait(2) takes
// its timeout in milliseconds as a C int: a longer one would wrap, to
// a wait for ever, or to a short one that wakes the loop again and
// again. So every Poller waits at most MaxWait (24.8 days), and the
// loop waits again.
const MaxWait = math.MaxInt32 * time.Millisecond

// Millis is timeout in the whole milliseconds poll(2) and epoll_wait(2)
// take: -1 (no timeout) if it is negative, at most MaxWait, and rounded
// up. A wait rounded down would end a little before the next timer is
// due, find nothing to fire, and wait 0 ms again and again until it is:
// a spin.
func Millis(timeout time.Duration) int {
	if timeout < 0 {
		return -1
	}
	timeout = min(timeout, MaxWait)
	return int((timeout + time.Millisecond - 1) / time.Millisecond)
}

// ErrOutOfReach is a file descriptor a Poller cannot watch: for select,
// any fd of FD_SETSIZE (1024) or more.
var ErrOutOfReach = errors.New("switchboard: fd out of the poller's reach")

// Backends names the Pollers this package has, for a -poller flag.
var Backends = []string{"select", "poll"}

// NewPoller returns the Poller called name: "select" or "poll".
func NewPoller(name string) (Poller, error) {
	switch name {
	case "select":
		return NewSelect(), nil
	case "poll":
		return NewPoll(), nil
	}
	return nil, errors.New("switchboard: no poller called " + name +
		" (want select or poll)")
}
