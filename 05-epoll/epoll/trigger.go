package epoll

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// A Trigger says when epoll reports a ready line.
type Trigger uint8

const (
	// Level reports a line on every wait for as long as it is ready:
	// a question left half read is reported again.
	Level Trigger = iota
	// Edge (EPOLLET) reports a line once each time it becomes ready.
	// A reader must read until EAGAIN: what it leaves in the socket
	// is not reported again until more arrives.
	Edge
)

// Triggers names the triggers, for a -trigger flag.
var Triggers = []string{"level", "edge"}

func (t Trigger) String() string {
	if t == Edge {
		return "edge"
	}
	return "level"
}

// ParseTrigger returns the Trigger called name: "level" or "edge".
func ParseTrigger(name string) (Trigger, error) {
	switch name {
	case "level":
		return Level, nil
	case "edge":
		return Edge, nil
	}
	return Level, fmt.Errorf("epoll: no trigger called %q "+
		"(want level or edge)", name)
}

// flag is what the trigger adds to every line's events.
func (t Trigger) flag() uint32 {
	if t == Edge {
		return unix.EPOLLET
	}
	return 0
}
