// Command measure measures chapter 08's strategies on this machine, in
// one run, and writes every round to a CSV:
//
//   - throughput: 40 callers at once, -work 20ms, -lookup 0s, answered
//     per second, by each strategy at 1 and at 2 cores (GOMAXPROCS and
//     -n);
//   - the wait of a cheap caller (a name known by heart) who dials just
//     after 4 callers of -work 100ms, with inline and with offload;
//   - what HAProxy adds a call: 300 calls one after another, straight to
//     a procs server on 127.0.0.2, and through HAProxy to two of them
//     on 127.0.0.2 and 127.0.0.3.
//
// Each point is measured -rounds times, in a new order each round; the
// machine's load average is written beside each round.
//
//	cd 08-cpu-bound && go run ./internal/measure -csv measured/strategies.csv
package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/holdtheline/holdtheline/08-cpu-bound/internal/balancer"
	"github.com/holdtheline/holdtheline/workshop/caller"
	"github.com/holdtheline/holdtheline/workshop/contract"
)

func main() {
	rounds := flag.Int("rounds", 3, "how many times each point is measured")
	out := flag.String("csv", "", "write every round here")
	flag.Parse()
	if err := run(*rounds, *out); err != nil {
		fmt.Fprintln(os.Stderr, "measure:", err)
		os.Exit(1)
	}
}

// A row is one measurement of one round.
type row struct {
	what     string // throughput-calls-per-s, cheap-wait-ms, call-us
	strategy string // or direct, haproxy
	cores    int
	round    int
	value    float64
	load     string // /proc/loadavg's 1-minute figure as the round ends
}

// A point is one thing measured once a round.
type point struct {
	what, strategy string
	cores          int
	measure        func() (float64, error)
}

func run(rounds int, out string) error {
	dir, err := os.MkdirTemp("", "measure08-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "08-cpu-bound")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return err
	}
	haproxy, err := balancer.Find()
	if err != nil {
		return err
	}
	// Every server reads the same book: calibrated once, here.
	for _, d := range []string{"20ms", "100ms"} {
		if pages[d], err = calibrate(bin, d); err != nil {
			return err
		}
	}
	var points []point
	for _, s := range []string{"inline", "offload", "percore", "procs",
		"goroutines"} {
		for _, cores := range []int{1, 2} {
			points = append(points, point{"throughput-calls-per-s", s, cores,
				func() (float64, error) { return throughput(bin, s, cores) }})
		}
	}
	for _, s := range []string{"inline", "offload"} {
		points = append(points, point{"cheap-wait-ms", s, 2,
			func() (float64, error) { return cheapWait(bin, s) }})
	}
	for _, via := range []string{"direct", "haproxy"} {
		points = append(points, point{"call-us", via, 2,
			func() (float64, error) { return callCost(bin, haproxy, dir, via) }})
	}
	var rows []row
	for r := 1; r <= rounds; r++ {
		order := slices.Clone(points)
		if r%2 == 0 {
			slices.Reverse(order)
		}
		for _, p := range order {
			v, err := p.measure()
			if err != nil {
				return fmt.Errorf("%s %s: %w", p.what, p.strategy, err)
			}
			rows = append(rows, row{p.what, p.strategy, p.cores, r, v, load()})
			fmt.Printf("round %d  %-24s %-10s %d cores  %10.1f  (load %s)\n",
				r, p.what, p.strategy, p.cores, v, load())
		}
	}
	if out == "" {
		return nil
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"what", "strategy", "cores", "round", "value", "load1"})
	for _, r := range rows {
		w.Write([]string{r.what, r.strategy, strconv.Itoa(r.cores),
			strconv.Itoa(r.round), strconv.FormatFloat(r.value, 'f', 1, 64),
			r.load})
	}
	w.Flush()
	return errorsJoin(w.Error(), f.Close())
}

func errorsJoin(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// load is the 1-minute load average.
func load() string {
	b, _ := os.ReadFile("/proc/loadavg")
	return strings.Fields(string(b) + " ?")[0]
}

// pages is how many pages make each -work, once calibrated.
var pages = map[string]string{}

// work is the -work flags for d: its pages as calibrated.
func work(d string) []string { return []string{"-work", d, "-pages", pages[d]} }

var pagesSaid = regexp.MustCompile(`work \S+ = (\d+) pages`)

// calibrate starts bin with -work d and reads its pages from the
// start-up line.
func calibrate(bin, d string) (string, error) {
	s, err := start(bin, 1, "-addr", "127.0.0.1:0", "-work", d)
	if err != nil {
		return "", err
	}
	defer s.stop()
	m := pagesSaid.FindStringSubmatch(s.line)
	if m == nil {
		return "", fmt.Errorf("no pages in %q", s.line)
	}
	fmt.Printf("-work %s = %s pages\n", d, m[1])
	return m[1], nil
}

// A server is one operator process.
type server struct {
	cmd        *exec.Cmd
	addr, line string
}

// start runs bin with args, GOMAXPROCS cores, and reads its address.
func start(bin string, cores int, args ...string) (*server, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "GOMAXPROCS="+strconv.Itoa(cores))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	addr, ok := contract.ListeningAddr(line)
	if !ok {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, fmt.Errorf("no start-up line: %q", line)
	}
	go io.Copy(io.Discard, out)
	return &server{cmd, addr, line}, nil
}

// stop sends SIGTERM and waits.
func (s *server) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	s.cmd.Wait()
}

// expensive names caller i so that no name is a cheap one.
func expensive(i int) string { return fmt.Sprintf("caller-%d", i) }

// fleet calls addr with n expensive callers at once.
func fleet(addr string, n int) (caller.Report, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	r := caller.Fleet{Addr: addr, N: n, Name: expensive}.Run(ctx)
	for _, c := range r.Calls {
		if c.Err != nil {
			return r, fmt.Errorf("%s: %w", c.Name, c.Err)
		}
	}
	return r, nil
}

func throughput(bin, strategy string, cores int) (float64, error) {
	const callers = 40
	s, err := start(bin, cores, append([]string{"-addr", "127.0.0.1:0",
		"-strategy", strategy, "-n", strconv.Itoa(cores), "-lookup", "0s"},
		work("20ms")...)...)
	if err != nil {
		return 0, err
	}
	defer s.stop()
	r, err := fleet(s.addr, callers)
	return callers / r.Elapsed.Seconds(), err
}

func cheapWait(bin, strategy string) (float64, error) {
	s, err := start(bin, 2, append([]string{"-addr", "127.0.0.1:0",
		"-strategy", strategy, "-n", "2", "-lookup", "0s", "-cheap", "alice"},
		work("100ms")...)...)
	if err != nil {
		return 0, err
	}
	defer s.stop()
	done := make(chan error, 1)
	go func() { _, err := fleet(s.addr, 4); done <- err }()
	time.Sleep(30 * time.Millisecond)
	began := time.Now()
	if err := ask(s.addr, "alice"); err != nil {
		return 0, err
	}
	waited := time.Since(began)
	return float64(waited.Microseconds()) / 1000, <-done
}

// ask makes one call and checks its answer.
func ask(addr, name string) error {
	// Dial checks the answer: Err is nil only for the right one.
	return caller.Dial(context.Background(), addr, name).Err
}

// callCost is the mean time of one call, in µs, over 300 made one
// after another to a cheap name: straight to a procs server, or
// through HAProxy to two.
func callCost(bin, haproxy, dir, via string) (float64, error) {
	hosts := []string{"127.0.0.2"}
	if via == "haproxy" {
		hosts = append(hosts, "127.0.0.3")
	}
	var ops []string
	for _, h := range hosts {
		s, err := start(bin, 2, "-addr", h+":0", "-strategy", "procs",
			"-n", "2", "-lookup", "0s", "-work", "20ms", "-cheap", "alice")
		if err != nil {
			return 0, err
		}
		defer s.stop()
		ops = append(ops, s.addr)
	}
	addr := ops[0]
	if via == "haproxy" {
		var err error
		addr, err = balancer.FreePort("127.0.0.1")
		if err != nil {
			return 0, err
		}
		log, err := os.Create(filepath.Join(dir, "haproxy.log"))
		if err != nil {
			return 0, err
		}
		defer log.Close()
		b, err := balancer.Start(haproxy, dir, addr, ops, log)
		if err != nil {
			return 0, err
		}
		defer b.Stop()
	}
	const calls = 300
	began := time.Now()
	for range calls {
		if err := ask(addr, "alice"); err != nil {
			return 0, err
		}
	}
	return float64(time.Since(began).Microseconds()) / calls, nil
}
