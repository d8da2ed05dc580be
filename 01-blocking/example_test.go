package main

import (
	"fmt"
	"time"

	"golang.org/x/sys/unix"
)

// A question may arrive in pieces; readQuestion reads until the line is
// whole, and gives the protocol's error for a line that cannot be one.
func Example_readQuestion() {
	for _, said := range []string{"  Grace Hopper\r\n", " \r\n"} {
		fds, _ := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
		unix.Write(fds[1], []byte(said))
		name, err := readQuestion(fds[0], time.Now().Add(time.Second))
		fmt.Printf("%q %v\n", name, err)
		unix.Close(fds[0])
		unix.Close(fds[1])
	}
	// Output:
	// "Grace Hopper" <nil>
	// "" error: empty question
}
