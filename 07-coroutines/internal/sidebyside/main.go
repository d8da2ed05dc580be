// Command sidebyside measures chapter 07's models beside chapter 06's
// callbacks and Go's net, in one run, on this machine:
//
//   - the cost of one switch: our coroutine's resume and park (and
//     iter.Pull's alone, under it), a goroutine hand-off and back, one
//     of 06's callbacks dispatched;
//   - memory a call on hold: -big callers on hold, the server's RSS
//     before and after, per call;
//   - the time to answer 3,000 and -big callers, all at once, with a
//     one-second records room.
//
// Every point is measured -rounds times, the models in a new order each
// round; it prints the medians and the spread, and writes every round
// to -csv. The records room is 06's, a process of its own, so the
// servers' RSS is the operator's alone. A call on hold is two fds in
// the operator (the caller's and the records room's), so -big is 9,000
// by default: 10,000 would need more than a 20,000 fd limit. It tries
// to raise the limit to 65,536 first (root with CAP_SYS_RESOURCE).
//
//	cd 07-coroutines && go run ./internal/sidebyside -csv measured/sidebyside.csv
package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/workshop/caller"
	"github.com/holdtheline/holdtheline/workshop/contract"
)

// A model is a server measured: a binary built from dir, with args.
type model struct {
	name string
	dir  string // from the repository's root
	args []string
	room bool // it asks the records room (gonet sleeps instead)
}

var models = []model{
	{"06-callbacks", "06-callbacks", nil, true},
	{"07-coroutines", "07-coroutines", []string{"-model", "coroutines"}, true},
	{"07-goroutines", "07-coroutines", []string{"-model", "goroutines"}, true},
	{"gonet", "plots/peers/gonet", nil, false},
}

func main() {
	rounds := flag.Int("rounds", 3, "how many times each point is measured")
	out := flag.String("csv", "", "write every round here")
	big := flag.Int("big", 9000, "the larger fleet, and the callers "+
		"on hold for the memory: two fds a call in the operator")
	flag.Parse()
	if err := run(*rounds, *big, *out); err != nil {
		fmt.Fprintln(os.Stderr, "sidebyside:", err)
		os.Exit(1)
	}
}

// A row is one measurement of one round.
type row struct {
	what  string // switch, rss-per-call, answer-3000, answer-10000
	model string
	round int
	value float64 // ns; bytes; seconds
}

func run(rounds, big int, out string) error {
	lim := unix.Rlimit{Cur: 65536, Max: 65536}
	if err := unix.Setrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
		fmt.Println("fd limit not raised:", err)
	}
	root, err := filepath.Abs("..")
	if err != nil {
		return err
	}
	bins, err := os.MkdirTemp("", "sidebyside-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(bins)
	built := map[string]string{}
	for _, m := range append(models, model{"records", "06-callbacks", nil, false}) {
		if built[m.dir] != "" {
			continue
		}
		bin := filepath.Join(bins, strings.ReplaceAll(m.dir, "/", "-"))
		cmd := exec.Command("go", "build", "-o", bin, ".")
		cmd.Dir = filepath.Join(root, m.dir)
		if b, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go build in %s: %v\n%s", m.dir, err, b)
		}
		built[m.dir] = bin
	}
	fmt.Println(stamp())
	fmt.Println("load average at the start:", loadavg())

	var rows []row
	for r := range rounds {
		// Switches: in this process, a new order each round.
		kinds := []struct {
			name string
			f    func() float64
		}{{"07-coroutines", coroutineSwitch},
			{"iter.Pull", pullSwitch},
			{"07-goroutines", goroutineHandOff},
			{"06-callbacks", callbackDispatch}}
		for i := range kinds {
			k := kinds[(i+r)%len(kinds)]
			rows = append(rows, row{"switch-ns", k.name, r, k.f()})
		}
		for i := range models {
			m := models[(i+r)%len(models)]
			fmt.Printf("round %d: %s\n", r+1, m.name)
			for _, n := range []int{3000, big} {
				secs, err := answer(built, m, n)
				if err != nil {
					return fmt.Errorf("%s, %d callers: %w", m.name, n, err)
				}
				rows = append(rows, row{"answer-" + strconv.Itoa(n) + "-s",
					m.name, r, secs})
			}
			per, err := memory(built, m, big)
			if err != nil {
				return fmt.Errorf("%s, memory: %w", m.name, err)
			}
			rows = append(rows, row{"rss-bytes-per-held-call", m.name, r, per})
		}
	}
	fmt.Println("load average at the end:", loadavg())
	report(rows)
	if out == "" {
		return nil
	}
	return write(out, rows)
}

// startRoom starts 06's records room, answering after delay.
func startRoom(built map[string]string, delay time.Duration) (*server, error) {
	return start(built["06-callbacks"], "-serve", "records",
		"-lookup", delay.String(), "-idle", "10m")
}

// answer starts m with a 1 s records room and times n callers, all at
// once, to the last answer.
func answer(built map[string]string, m model, n int) (float64, error) {
	args := append([]string{"-lookup", "1s", "-idle", "60s"}, m.args...)
	if m.room {
		room, err := startRoom(built, time.Second)
		if err != nil {
			return 0, err
		}
		defer room.stop()
		args = append(args, "-records", room.addr, "-records-budget", "30s")
	}
	srv, err := start(built[m.dir], args...)
	if err != nil {
		return 0, err
	}
	defer srv.stop()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rep := caller.Fleet{Addr: srv.addr, N: n, MaxRinging: 1000,
		Timeout: time.Minute}.Run(ctx)
	if s := rep.Summary(); s.Answered != n {
		return 0, fmt.Errorf("%d of %d answered", s.Answered, n)
	}
	return rep.Elapsed.Seconds(), nil
}

// memory starts m with a records room that takes ten minutes, puts n
// callers on hold, and returns the server's RSS growth per call.
func memory(built map[string]string, m model, n int) (float64, error) {
	args := append([]string{"-lookup", "10m", "-idle", "10m"}, m.args...)
	if m.room {
		room, err := startRoom(built, 10*time.Minute)
		if err != nil {
			return 0, err
		}
		defer room.stop()
		args = append(args, "-records", room.addr, "-records-budget", "20m")
	}
	srv, err := start(built[m.dir], args...)
	if err != nil {
		return 0, err
	}
	defer srv.stop()
	// One call picked up and hung up on first: the loop, or the
	// runtime's netpoller, has run once.
	if c, err := net.Dial("tcp", srv.addr); err == nil {
		bufio.NewReader(c).ReadString('\n')
		c.Close()
	}
	time.Sleep(300 * time.Millisecond)
	rss0, err := srv.rss()
	if err != nil {
		return 0, err
	}
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for i := range n {
		c, err := net.DialTimeout("tcp", srv.addr, 10*time.Second)
		if err != nil {
			return 0, err
		}
		conns = append(conns, c)
		c.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := bufio.NewReader(c).ReadString('\n'); err != nil {
			return 0, fmt.Errorf("caller %d: greeting: %w", i, err)
		}
		fmt.Fprintf(c, "caller-%d\n", i)
	}
	want := n
	if m.room {
		want = 2 * n // each call has its records-room call open too
	}
	deadline := time.Now().Add(time.Minute)
	for srv.fds() < want {
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("only %d fds open, want %d", srv.fds(), want)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond)
	rss, err := srv.rss()
	if err != nil {
		return 0, err
	}
	return float64(rss-rss0) / float64(n), nil
}

// report prints each point's median and spread, over the rounds.
func report(rows []row) {
	type key struct{ what, model string }
	vals := map[key][]float64{}
	var keys []key
	for _, r := range rows {
		k := key{r.what, r.model}
		if vals[k] == nil {
			keys = append(keys, k)
		}
		vals[k] = append(vals[k], r.value)
	}
	fmt.Printf("%-24s %-14s %10s %10s %10s\n", "what", "model", "median",
		"min", "max")
	for _, k := range keys {
		v := slices.Clone(vals[k])
		slices.Sort(v)
		fmt.Printf("%-24s %-14s %10.3f %10.3f %10.3f\n", k.what, k.model,
			median(v), v[0], v[len(v)-1])
	}
}

func median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

func write(path string, rows []row) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"what", "model", "round", "value"})
	for _, r := range rows {
		w.Write([]string{r.what, r.model, strconv.Itoa(r.round + 1),
			strconv.FormatFloat(r.value, 'f', 3, 64)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// A server is a model's process.
type server struct {
	cmd  *exec.Cmd
	addr string
}

func start(bin string, args ...string) (*server, error) {
	cmd := exec.Command(bin, append([]string{"-addr", "127.0.0.1:0"},
		args...)...)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	addr, ok := contract.ListeningAddr(line)
	if err != nil || !ok {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, fmt.Errorf("%s: start-up line %q: %v", bin, line, err)
	}
	return &server{cmd, addr}, nil
}

func (s *server) stop() {
	s.cmd.Process.Kill()
	s.cmd.Wait()
}

func (s *server) rss() (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(
				strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no VmRSS")
}

func (s *server) fds() int {
	e, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", s.cmd.Process.Pid))
	return len(e)
}

// stamp says which machine this ran on.
func stamp() string {
	var u unix.Utsname
	unix.Uname(&u)
	cpu := "?"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(
					strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	var lim unix.Rlimit
	unix.Getrlimit(unix.RLIMIT_NOFILE, &lim)
	return fmt.Sprintf("%s, %d CPUs, Linux %s, %s, fd limit %d, %s",
		cpu, numCPU(), unix.ByteSliceToString(u.Release[:]), goVersion(),
		lim.Cur, time.Now().UTC().Format("2006-01-02 15:04 UTC"))
}

// loadavg is the machine's load average over 1, 5 and 15 minutes: the
// machine is shared, and says so.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}
