// Command 05-epoll is the switchboard that lights only the lines that
// ring.
//
// It is chapter 04's operator, one OS thread and non-blocking sockets,
// waiting with epoll(7) instead of select or poll: the kernel keeps
// the list of lines, and a wait costs the lines that are ready, not
// the lines on the board. It holds as many calls as its open-file
// limit allows.
//
//	go run ./05-epoll -trigger edge
//	nc 127.0.0.1 7005
package main

import (
	"flag"
	"fmt"
	"os"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/05-epoll/epoll"
	"github.com/holdtheline/holdtheline/workshop/contract"
)

// backlog is how many callers may ring before the operator looks.
// She picks up everyone ringing each time, so it only has to hold a
// burst: thousands dialling at once. The kernel caps it at somaxconn
// (4096 by default).
const backlog = 4096

func main() {
	var s contract.Settings
	s.Register(flag.CommandLine, 5)
	trigger := flag.String("trigger", "level",
		"when epoll reports a ready line: level or edge")
	contract.Describe(flag.CommandLine, "05-epoll",
		"one operator, one thread, only the ringing lines light up")
	flag.Parse()

	t, err := epoll.ParseTrigger(*trigger)
	if err != nil {
		fmt.Fprintln(os.Stderr, "05-epoll:", err)
		os.Exit(2)
	}
	p, err := epoll.New(t)
	if err != nil {
		fmt.Fprintln(os.Stderr, "05-epoll:", err)
		os.Exit(1)
	}
	line, addr, err := blocking.Listen(s.Addr, backlog)
	if err != nil {
		fmt.Fprintln(os.Stderr, "05-epoll:", err)
		os.Exit(1)
	}
	sb, err := switchboard.New(line, switchboard.Options{
		Lookup: s.Lookup, Idle: s.Idle, Poller: p})
	if err != nil {
		fmt.Fprintln(os.Stderr, "05-epoll:", err)
		os.Exit(1)
	}
	contract.Announce(os.Stdout, "05-epoll", addr, s,
		"trigger "+t.String(), "one thread, non-blocking",
		fmt.Sprintf("holds up to %d calls", room()))
	os.Exit(contract.Run("05-epoll", sb, s.Grace))
}

// room is how many calls the operator can hold: one fd each, up to
// the open-file limit (Go has raised the soft limit to the hard one),
// less the fds already open: the standard streams, the phone line,
// epoll's list, the wake-up line and the runtime's own.
func room() uint64 {
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
		return 0
	}
	open, err := os.ReadDir("/proc/self/fd")
	if err != nil || uint64(len(open)) >= lim.Cur {
		return 0
	}
	// ReadDir's own fd is counted, and closed again: one less.
	return lim.Cur - uint64(len(open)-1)
}
