// Package contract is the program contract every chapter's binary keeps:
// the common flags, the start-up line, and the signals that stop it.
// See DESIGN.md section 4 in the repository's shared notes, or the root
// README's "The program contract".
package contract

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Settings are the flags every operator takes.
type Settings struct {
	Addr   string        // where to listen; loopback by default
	Lookup time.Duration // how long looking a number up takes
	Idle   time.Duration // how long a caller has to ask, from pick-up
	Grace  time.Duration // how long calls may finish after SIGTERM
}

// Register defines the contract's flags on fs. Chapter N listens on
// 127.0.0.1:700N by default, so several chapters can run side by side.
func (s *Settings) Register(fs *flag.FlagSet, chapter int) {
	fs.StringVar(&s.Addr, "addr", fmt.Sprintf("127.0.0.1:%d", 7000+chapter),
		"listen on this host:port (port 0 picks a free one)")
	fs.DurationVar(&s.Lookup, "lookup", time.Second,
		"how long looking a number up takes")
	fs.DurationVar(&s.Idle, "idle", 10*time.Second,
		"hang up with 'too slow' if the question takes longer")
	fs.DurationVar(&s.Grace, "grace", 5*time.Second,
		"on SIGINT/SIGTERM, how long calls picked up may still finish")
}

// Announce prints the start-up line:
//
//	01-blocking: listening on 127.0.0.1:7001 (lookup 1s, idle 10s, ...)
//
// Tests and the plots read the address from it, so it is the one line a
// server prints on standard output before it serves.
func Announce(w io.Writer, name, addr string, s Settings, more ...string) {
	// Whoever reads the line may signal at once: from here on SIGINT
	// and SIGTERM are caught for Run, not left to end the process
	// before it listens for them.
	heard()
	parts := append([]string{
		"lookup " + s.Lookup.String(),
		"idle " + s.Idle.String(),
		"grace " + s.Grace.String(),
	}, more...)
	fmt.Fprintf(w, "%s: listening on %s (%s)\n",
		name, addr, strings.Join(parts, ", "))
}

var listeningOn = regexp.MustCompile(`: listening on (\S+) \(`)

// ListeningAddr returns the address in a start-up line, if it is one.
func ListeningAddr(line string) (addr string, ok bool) {
	m := listeningOn.FindStringSubmatch(line)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// StopSignals returns a channel that receives SIGINT and SIGTERM: the
// two ways a person or a supervisor asks a server to hang up for the day.
func StopSignals() <-chan os.Signal {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	return stop
}

// heard is the process's one StopSignals channel, made by HearStops,
// Announce or Run, whichever comes first, so a signal before Run waits
// for it.
var heard = sync.OnceValue(StopSignals)

// HearStops catches SIGINT and SIGTERM for Run from now on. Announce
// does it too; a server that can pick up a call before its start-up
// line (chapter 8's processes on one port, each picking up as soon as
// it listens) calls HearStops before it listens, so that a stop signal
// from then on is Run's to hear, not the end of the process.
func HearStops() { heard() }
