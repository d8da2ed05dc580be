// Command gnet is a reference peer for the plots, not a chapter: the
// phone operator on gnet (github.com/panjf2000/gnet/v2), a production
// epoll event loop for Go. It runs one event loop, so it is measured
// like the chapters' single-threaded switchboards.
//
//	go run ./plots/peers/gnet -addr 127.0.0.1:7092
package main

import (
	"flag"
	"os"

	"github.com/holdtheline/holdtheline/workshop/contract"
)

func main() {
	var s contract.Settings
	s.Register(flag.CommandLine, 92)
	contract.Describe(flag.CommandLine, "gnet",
		"the reference peer: one gnet event loop, timers for the waits")
	flag.Parse()

	op := newOperator(s)
	os.Exit(contract.Run("gnet", op, s.Grace))
}
