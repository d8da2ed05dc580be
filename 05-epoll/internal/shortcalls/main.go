// Command shortcalls measures short calls a second: -c callers, each
// calling again as soon as its call ends (connect, greeting, ask,
// answer, hang-up), for -for. It prints the calls made and the CPU it
// used itself, so a run can show that the callers were not what held
// the count down.
//
//	taskset -c 1 go run ./internal/shortcalls -addr 127.0.0.1:7005
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:7005", "the operator")
	callers := flag.Int("c", 32, "callers calling at once")
	span := flag.Duration("for", 5*time.Second, "how long to call")
	flag.Parse()

	var answered, failed atomic.Int64
	stop := time.Now().Add(*span)
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
	fmt.Printf("%d calls answered (%d failed) in %v: %.0f calls/s; "+
		"the callers used %.0f%% of a core\n", answered.Load(),
		failed.Load(), wall.Round(time.Millisecond),
		float64(answered.Load())/wall.Seconds(),
		100*cpu.Seconds()/wall.Seconds())
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
