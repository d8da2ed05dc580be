// Wrong: says the connect failed, as a number in a string: errors.Is cannot find ECONNREFUSED in it.
// Replaces: reactor/connected.go
// Fails: TestExercise1ADialToAClosedPortCallsBackWithECONNREFUSED

//go:build !exercise06

package reactor

import (
	"fmt"

	"golang.org/x/sys/unix"
)

func connected(fd int) error {
	soErr, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ERROR)
	if err != nil {
		return err
	}
	if soErr != 0 {
		return fmt.Errorf("connect failed: errno %d", soErr)
	}
	return nil
}
