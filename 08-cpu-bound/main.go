// Command 08-cpu-bound is the operator who has to do the work herself:
// each number not in her head takes -work of reading the phone book, a
// real computation on a core. Waiting on I/O was what the loops of
// 04 to 07 made cheap; reading is not waiting, and -strategy says who
// reads:
//
//	inline      the loop's own thread: every caller waits behind it
//	offload     clerks, a thread a core, hand numbers back with Post
//	percore     a loop a core, each with its own line (SO_REUSEPORT)
//	procs       N processes of inline on one port, forked from here
//	goroutines  chapter 07's goroutine a call, Go's runtime spreads them
//
//	go run ./08-cpu-bound -work 20ms -lookup 0s -strategy offload
//	nc 127.0.0.1 7008
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/05-epoll/epoll"
	"github.com/holdtheline/holdtheline/07-coroutines/operator"
	"github.com/holdtheline/holdtheline/workshop/contract"
)

// backlog is how many callers may ring before a loop looks. The kernel
// caps it at somaxconn.
const backlog = 4096

const name = "08-cpu-bound"

// flags are the chapter's own settings.
type flags struct {
	strategy string
	work     time.Duration
	pages    int // 0: calibrate -work
	cheap    string
	n        int  // workers, loops or processes
	shared   bool // listen with SO_REUSEPORT (procs' children)
}

func main() {
	var s contract.Settings
	var f flags
	s.Register(flag.CommandLine, 8)
	flag.StringVar(&f.strategy, "strategy", "inline",
		"who reads the book: inline, offload, percore, procs or goroutines")
	flag.DurationVar(&f.work, "work", 20*time.Millisecond,
		"CPU a lookup takes: pages of the phone book hashed, calibrated at start")
	flag.IntVar(&f.pages, "pages", 0,
		"pages a lookup reads, instead of calibrating -work (procs passes it on)")
	flag.StringVar(&f.cheap, "cheap", "alice",
		"names the operator knows by heart, comma-separated: no reading")
	flag.IntVar(&f.n, "n", runtime.NumCPU(),
		"workers (offload), loops (percore) or processes (procs)")
	flag.BoolVar(&f.shared, "shared", false,
		"listen with SO_REUSEPORT, beside others on the port (procs' children)")
	contract.Describe(flag.CommandLine, name,
		"the operator who does the work herself: CPU-bound lookups")
	flag.Parse()
	os.Exit(run(s, f))
}

func run(s contract.Settings, f flags) int {
	fail := func(err error) int {
		fmt.Fprintln(os.Stderr, name+":", err)
		return 2
	}
	if f.n < 1 {
		return fail(fmt.Errorf("-n %d: want at least 1", f.n))
	}
	if f.pages == 0 {
		f.pages = Calibrate(f.work)
	}
	var cheap []string
	if f.cheap != "" {
		cheap = strings.Split(f.cheap, ",")
	}
	book := NewBook(f.pages, cheap)
	// procs' children pick up as soon as they listen, before their
	// start-up line: a SIGTERM from then on must reach contract.Run.
	contract.HearStops()
	m, addr, how, err := start(s, f, book)
	if err != nil {
		return fail(err)
	}
	contract.Announce(os.Stdout, name, addr, s, "strategy "+f.strategy,
		how, book.describe(f.work))
	grace := s.Grace
	if f.strategy == "procs" {
		grace += time.Second // the children keep -grace themselves
	}
	return contract.Run(name, m, grace)
}

// start makes the strategy's model, listening on s.Addr.
func start(s contract.Settings, f flags, book *Book) (
	contract.Model, string, string, error) {
	listen := blocking.Listen
	if f.shared {
		listen = ListenShared
	}
	switch f.strategy {
	case "inline", "offload":
		line, addr, err := listen(s.Addr, backlog)
		if err != nil {
			return nil, "", "", err
		}
		p, err := epoll.New(epoll.Level)
		if err != nil {
			return nil, "", "", err
		}
		if f.strategy == "inline" {
			o, err := NewOperator(line, p, s.Lookup, s.Idle, Inline(book))
			return o, addr, "one loop reads", err
		}
		w := NewWorkers(book, f.n)
		o, err := NewOperator(line, p, s.Lookup, s.Idle, w.Lookup)
		if err != nil {
			return nil, "", "", err
		}
		return offloaded{o, w}, addr,
			fmt.Sprintf("one loop, %d clerks read", f.n), nil
	case "percore":
		var loops Loops
		addr := s.Addr
		for range f.n {
			line, bound, err := ListenShared(addr, backlog)
			if err != nil {
				return nil, "", "", err
			}
			addr = bound // the next lines share the port picked
			p, err := epoll.New(epoll.Level)
			if err != nil {
				return nil, "", "", err
			}
			o, err := NewOperator(line, p, s.Lookup, s.Idle, Inline(book))
			if err != nil {
				return nil, "", "", err
			}
			loops = append(loops, o)
		}
		return loops, addr,
			fmt.Sprintf("%d loops, each its own line, each reads", f.n), nil
	case "procs":
		// The parent's line only fixes the port (for -addr :0); it is
		// closed before the start-up line, so no caller rings it.
		line, addr, err := ListenShared(s.Addr, backlog)
		if err != nil {
			return nil, "", "", err
		}
		defer blocking.CloseLine(line)
		args := []string{"-strategy", "inline", "-shared", "-addr", addr,
			"-lookup", s.Lookup.String(), "-idle", s.Idle.String(),
			"-grace", s.Grace.String(), "-work", f.work.String(),
			"-pages", strconv.Itoa(f.pages), "-cheap", f.cheap}
		p, err := StartProcs(f.n, args)
		return p, addr, fmt.Sprintf("%d processes of inline", f.n), err
	case "goroutines":
		room, err := OpenRoom(book, s.Lookup)
		if err != nil {
			return nil, "", "", err
		}
		ln, err := net.Listen("tcp", s.Addr)
		if err != nil {
			room.Close()
			return nil, "", "", err
		}
		desk := operator.Desk{Records: room.Addr(), Idle: s.Idle,
			Budget: s.Lookup + time.Minute}
		g := operator.NewGoroutines(ln, desk, func(err error) {
			fmt.Fprintln(os.Stderr, name+":", err)
		})
		return roomed{g, room}, ln.Addr().String(),
			"07's goroutines ask a records room that reads, a goroutine a question",
			nil
	}
	return nil, "", "", fmt.Errorf("-strategy %q: want inline, offload,"+
		" percore, procs or goroutines", f.strategy)
}

// offloaded is the offload strategy as the contract runs it: once the
// loop is over, the clerks go home.
type offloaded struct {
	*Operator
	w *Workers
}

func (o offloaded) Serve() error {
	defer o.w.Close()
	return o.Operator.Serve()
}

// roomed is the goroutines strategy: the operator, then her records
// room, close.
type roomed struct {
	*operator.Goroutines
	room *Room
}

func (r roomed) Serve() error {
	defer r.room.Close()
	return r.Goroutines.Serve()
}
