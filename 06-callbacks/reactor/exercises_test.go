package reactor_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"golang.org/x/sys/unix"
)

// Exercise 1 (connected.go): a dial to a port nobody listens on calls
// back with ECONNREFUSED, and no fd; writable alone is not connected.
func TestExercise1ADialToAClosedPortCallsBackWithECONNREFUSED(t *testing.T) {
	r := running(t)
	type outcome struct {
		fd  int
		err error
	}
	got := make(chan outcome, 2)
	before := openFds(t)
	on(t, r, func() {
		r.Dial(closedPort(t), func(fd int, err error) {
			if fd >= 0 {
				r.Close(fd)
			}
			got <- outcome{fd, err}
		})
	})
	select {
	case o := <-got:
		assert.ErrorIs(t, o.err, unix.ECONNREFUSED)
		assert.Equal(t, -1, o.fd, "no fd with an error")
	case <-time.After(5 * time.Second):
		t.Fatal("no callback within 5 s")
	}
	on(t, r, func() {})
	assert.Empty(t, got, "called back twice")
	assert.Equal(t, before, openFds(t), "fds open after, as before")
}
