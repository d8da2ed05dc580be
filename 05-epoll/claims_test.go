package main

import (
	"testing"

	"github.com/holdtheline/holdtheline/05-epoll/epoll"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// The claims the README makes about the switchboard on epoll, each
// checked against the real binary, run as its own process.

// The protocol and the program contract hold for both triggers.
func TestConformance(t *testing.T) {
	needsExercises(t)
	for _, trigger := range epoll.Triggers {
		t.Run(trigger, func(t *testing.T) {
			phonetest.Run(t, phonetest.Options{Dir: ".",
				Args: []string{"-trigger", trigger}})
		})
	}
}
