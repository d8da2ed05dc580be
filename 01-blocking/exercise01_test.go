//go:build exercise01

package main

import (
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
)

// needsTheExercises skips a test that runs the operator while the
// learner's Listen or ReadQuestion (built with -tags exercise01) cannot
// yet take a simple call: the operator would not even start, and the
// exercise tests in ./blocking say what is missing. Once both do the
// basics, every test runs on the learner's code.
func needsTheExercises(t *testing.T) {
	t.Helper()
	if why := notYetSolved(); why != "" {
		t.Skipf("runs the operator, which needs exercises 1 and 2 "+
			"solved first (%s): go test -race -tags exercise01 "+
			"-run Exercise ./...", why)
	}
}

// notYetSolved tries the learner's Listen and ReadQuestion once each,
// and says what did not work, or "" if both did.
func notYetSolved() string {
	line, _, err := blocking.Listen("127.0.0.1:0", 1)
	if err != nil {
		return "Listen: " + err.Error()
	}
	unix.Close(line)

	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err != nil {
		return "socketpair: " + err.Error()
	}
	unix.Write(fds[1], []byte("alice\n"))
	heard := make(chan string, 1)
	go func() {
		name, err := blocking.ReadQuestion(fds[0],
			time.Now().Add(time.Second))
		if err != nil {
			name = err.Error()
		}
		heard <- name
	}()
	var why string
	select {
	case name := <-heard:
		if name != "alice" {
			why = "ReadQuestion heard " + name + ", not alice"
		}
	case <-time.After(5 * time.Second):
		why = "ReadQuestion did not return"
	}
	// Closing wakes nothing; shutting down wakes a read still waiting.
	unix.Shutdown(fds[0], unix.SHUT_RDWR)
	unix.Close(fds[1])
	if why == "" {
		unix.Close(fds[0])
	}
	return why
}
