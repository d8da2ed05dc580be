// Wrong: asks SO_ERROR but checks only getsockopt's own error, not the error it returns.
// Replaces: reactor/connected.go
// Fails: TestExercise1ADialToAClosedPortCallsBackWithECONNREFUSED

//go:build !exercise06

package reactor

import "golang.org/x/sys/unix"

func connected(fd int) error {
	_, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ERROR)
	return err
}
