//go:build !exercise01

// The example shows the solution at work; under -tags exercise01 the
// exercise tests check the learner's version instead.

package blocking_test

import (
	"fmt"
	"time"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
)

// A question may arrive in pieces; ReadQuestion reads until the line is
// whole, and gives the protocol's error for a line that cannot be one.
func ExampleReadQuestion() {
	for _, said := range []string{"  Grace Hopper\r\n", " \r\n"} {
		fds, _ := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
		unix.Write(fds[1], []byte(said))
		deadline := time.Now().Add(time.Second)
		name, err := blocking.ReadQuestion(fds[0], deadline)
		fmt.Printf("%q %v\n", name, err)
		unix.Close(fds[0])
		unix.Close(fds[1])
	}
	// Output:
	// "Grace Hopper" <nil>
	// "" error: empty question
}
