// Command gonet is a reference peer for the plots, not a chapter: the
// phone operator written the way most Go servers are, on Go's net
// package with a goroutine per call. Under the goroutines, the runtime's
// netpoller is one edge-triggered epoll loop (chapter 07 explains it),
// so this is what the event-driven chapters are measured against: here
// by the plots, and by 05-epoll's transcripts, which run this peer
// rather than keep a copy of their own.
//
//	go run ./plots/peers/gonet -addr 127.0.0.1:7091
package main

import (
	"flag"
	"fmt"
	"net"
	"os"

	"github.com/holdtheline/holdtheline/workshop/contract"
)

func main() {
	var s contract.Settings
	s.Register(flag.CommandLine, 91)
	contract.Describe(flag.CommandLine, "gonet",
		"the reference peer: Go's net package, a goroutine per call")
	flag.Parse()

	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gonet:", err)
		os.Exit(1)
	}
	contract.Announce(os.Stdout, "gonet", ln.Addr().String(), s,
		"a goroutine per call, Go net")
	op := &operator{line: ln, lookup: s.Lookup, idle: s.Idle}
	os.Exit(contract.Run("gonet", op, s.Grace))
}
