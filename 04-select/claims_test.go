package main

import (
	"testing"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// The claims the README makes about one operator at a switchboard,
// each checked against the real binary, run as its own process.

// The protocol and the program contract hold for both pollers.
func TestConformance(t *testing.T) {
	for _, poller := range switchboard.Backends {
		t.Run(poller, func(t *testing.T) {
			phonetest.Run(t, phonetest.Options{Dir: ".",
				Args: []string{"-poller", poller}})
		})
	}
}
