// Command shortcalls measures short calls a second: -c callers, each
// calling again as soon as its call ends (connect, greeting, ask,
// answer, hang-up), for -for. It prints the calls made and the CPU it
// used itself, so a run can show that the callers were not what held
// the count down; and, given the server's -pid, the server's CPU over
// the same span: a share of its core, and µs a call.
//
//	taskset -c 1 go run ./internal/shortcalls -addr 127.0.0.1:7005 \
//		-pid $(pgrep -x 05-epoll) -label epoll
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:7005", "the operator")
	callers := flag.Int("c", 128, "callers calling at once")
	span := flag.Duration("for", 5*time.Second, "how long to call")
	pid := flag.Int("pid", 0, "the server's process id, to read its CPU")
	label := flag.String("label", "", "a name printed before the result")
	flag.Parse()

	var answered, failed atomic.Int64
	stop := time.Now().Add(*span)
	server0 := serverCPU(*pid)
	cpu0, start := cpuTime(), time.Now()
	var wg sync.WaitGroup
	for range *callers {
		wg.Go(func() {
			for time.Now().Before(stop) {
				if call(*addr, "alice") {
					answered.Add(1)
				} else {
					failed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	wall, cpu := time.Since(start), cpuTime()-cpu0
	server := serverCPU(*pid).minus(server0)
	calls := answered.Load()
	if *label != "" {
		fmt.Printf("%-5s ", *label)
	}
	fmt.Printf("%d calls answered (%d failed) in %v: %.0f calls/s; "+
		"the callers used %.0f%% of a core\n", calls,
		failed.Load(), wall.Round(time.Millisecond),
		float64(calls)/wall.Seconds(),
		100*cpu.Seconds()/wall.Seconds())
	if *pid == 0 || calls == 0 || server.ns <= 0 {
		return
	}
	perCall := float64(server.ns) / 1e3 / float64(calls) // µs
	user := perCall * server.userShare()
	fmt.Printf("      the server used %.0f%% of its core, %.1f µs a call "+
		"(user %.1f, kernel %.1f): %.0f calls/s a core\n",
		100*float64(server.ns)/float64(wall.Nanoseconds()), perCall,
		user, perCall-user, float64(calls)/(float64(server.ns)/1e9))
	fmt.Printf("      its threads but the busiest were put on a core "+
		"%.3f times a call\n", float64(server.othersSlices())/float64(calls))
}

// A cpu is what a process has run: ns from schedstat, and the user and
// system ticks that only split it.
type cpu struct {
	ns               int64
	userTk, systemTk int64
	threads          map[string]thread // by thread id
}

// A thread is what schedstat says of one: ns run, and times put on a
// core (slices), each wake-up among them.
type thread struct{ ns, slices int64 }

func (c cpu) minus(d cpu) cpu {
	threads := map[string]thread{}
	for id, t := range c.threads {
		threads[id] = thread{t.ns - d.threads[id].ns,
			t.slices - d.threads[id].slices}
	}
	return cpu{c.ns - d.ns, c.userTk - d.userTk, c.systemTk - d.systemTk,
		threads}
}

// othersSlices is how many times the threads other than the busiest
// were put on a core. In an event-loop server the busiest is the loop's
// and the others are the runtime's own (sysmon, and any thread it
// hands the loop's P to): each of their slices takes the core from the
// loop.
func (c cpu) othersSlices() int64 {
	var busiest string
	var all int64
	for id, t := range c.threads {
		all += t.slices
		if t.ns > c.threads[busiest].ns {
			busiest = id
		}
	}
	return all - c.threads[busiest].slices
}

// userShare is the part of the CPU spent in user space. Only the
// kernel's ticks (10 ms each) split user from system time; the total
// comes in ns from schedstat, so the split is a share of an exact sum.
func (c cpu) userShare() float64 {
	if c.userTk+c.systemTk <= 0 {
		return 0
	}
	return float64(c.userTk) / float64(c.userTk+c.systemTk)
}

// serverCPU reads what process pid has run so far: the ns every thread
// of it ran and the times each was put on a core
// (/proc/PID/task/*/schedstat, first and third fields; threads that
// ended are left out, and a Go server's threads do not end), and its
// user and system ticks (/proc/PID/stat).
func serverCPU(pid int) cpu {
	c := cpu{threads: map[string]thread{}}
	if pid == 0 {
		return c
	}
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", pid))
	for _, t := range tasks {
		b, err := os.ReadFile(t)
		if err != nil {
			continue
		}
		if f := strings.Fields(string(b)); len(f) > 2 {
			ns, _ := strconv.ParseInt(f[0], 10, 64)
			slices, _ := strconv.ParseInt(f[2], 10, 64)
			c.ns += ns
			c.threads[filepath.Base(filepath.Dir(t))] = thread{ns, slices}
		}
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return c
	}
	// The command name, in parentheses, may hold spaces: count from
	// after it. utime and stime are fields 14 and 15.
	if i := strings.LastIndexByte(string(b), ')'); i >= 0 {
		if f := strings.Fields(string(b)[i+1:]); len(f) > 13 {
			c.userTk, _ = strconv.ParseInt(f[11], 10, 64)
			c.systemTk, _ = strconv.ParseInt(f[12], 10, 64)
		}
	}
	return c
}

// call makes one short call and says whether it was answered right.
func call(addr, name string) bool {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return false
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	r := bufio.NewReader(c)
	if g, err := r.ReadString('\n'); err != nil || g != phone.Greeting {
		return false
	}
	if _, err := io.WriteString(c, name+"\n"); err != nil {
		return false
	}
	reply, err := io.ReadAll(r)
	return err == nil && string(reply) == phone.Answer(name)
}

// cpuTime is the CPU this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
