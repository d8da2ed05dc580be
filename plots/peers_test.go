package main

import (
	"testing"

	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// The peers are measured beside the chapters, so they must be the same
// service: the conformance suite every chapter passes.
func TestGoNetPeerPassesTheConformanceSuite(t *testing.T) {
	phonetest.Run(t, phonetest.Options{Dir: "./peers/gonet"})
}

func TestGnetPeerPassesTheConformanceSuite(t *testing.T) {
	phonetest.Run(t, phonetest.Options{Dir: "./peers/gnet"})
}
