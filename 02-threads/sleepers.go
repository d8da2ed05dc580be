package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// header heads the demo's table; sleep prints one row of it.
const header = "sleepers    started in  threads  RSS       virtual" +
	"    RSS each  virtual each  kernel stack each"

// sleep starts n sleepers of one kind, waits until all are asleep, and
// prints a row: how long they took to start, and the process's memory
// and threads with them asleep. Then it wakes them and returns.
func sleep(w io.Writer, kind string, n int) int {
	start := map[string]func(n int, wake <-chan struct{}) func(){
		"threads":    sleepingThreads,
		"goroutines": sleepingGoroutines,
	}[kind]
	if start == nil {
		fmt.Fprintf(os.Stderr, "02-threads: no such sleepers: %q\n", kind)
		return 2
	}
	before := readStatus()
	wake := make(chan struct{})
	began := time.Now()
	wakeUp := start(n, wake)
	took := time.Since(began)
	asleep := readStatus()
	close(wake)
	wakeUp()

	each := func(b, a int64) string { return size((a - b) / int64(n)) }
	fmt.Fprintf(w, "%-11s %-11v %-8d %-9s %-10s %-9s %-13s %s\n",
		kind, took.Round(100*time.Microsecond), asleep.threads,
		size(asleep.rss), size(asleep.vm), each(before.rss, asleep.rss),
		each(before.vm, asleep.vm), each(before.kstack, asleep.kstack))
	return 0
}

// sleepingThreads starts n OS threads that sleep in read(2) on a pipe
// nobody writes to, and returns once they all do: each a goroutine on
// a thread of its own, the way 02 takes a call. Closing the pipe wakes
// them all (read returns 0), and each thread ends with its goroutine.
func sleepingThreads(n int, wake <-chan struct{}) func() {
	var p [2]int
	if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
		panic(err)
	}
	var asleep, awake sync.WaitGroup
	asleep.Add(n)
	awake.Add(n)
	for range n {
		onItsOwnThread(func() {
			defer awake.Done()
			asleep.Done()
			var b [1]byte
			for {
				_, err := unix.Read(p[0], b[:])
				if err != unix.EINTR { // a signal is no wake-up
					return
				}
			}
		})
	}
	asleep.Wait()
	return func() {
		unix.Close(p[1])
		awake.Wait()
		unix.Close(p[0])
	}
}

// sleepingGoroutines starts n goroutines that wait on a channel: the
// runtime parks them, and no thread waits for any of them.
func sleepingGoroutines(n int, wake <-chan struct{}) func() {
	var asleep, awake sync.WaitGroup
	asleep.Add(n)
	awake.Add(n)
	for range n {
		go func() {
			defer awake.Done()
			asleep.Done()
			<-wake
		}()
	}
	asleep.Wait()
	return awake.Wait
}

// A status is what /proc/self/status says of this process, and what
// /proc/meminfo says of the kernel's stacks: every thread has one in
// the kernel too, and that memory is in nobody's RSS.
type status struct {
	rss, vm int64 // resident and virtual memory, bytes
	threads int
	kstack  int64 // the kernel's stacks, all processes', bytes
}

func readStatus() status {
	self, err := os.ReadFile("/proc/self/status")
	if err != nil {
		panic(err)
	}
	kernel, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		panic(err)
	}
	var s status
	for line := range strings.Lines(string(self) + string(kernel)) {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		n, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			s.rss = n * 1024 // /proc says kB
		case "VmSize:":
			s.vm = n * 1024
		case "Threads:":
			s.threads = int(n)
		case "KernelStack:":
			s.kstack = n * 1024
		}
	}
	return s
}

// size prints bytes for a person: 12.3 MB, 8.1 kB.
func size(b int64) string {
	switch {
	case b >= 1e9:
		return fmt.Sprintf("%.1f GB", float64(b)/1e9)
	case b >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(b)/1e6)
	case b >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(b)/1e3)
	}
	return fmt.Sprintf("%d B", b)
}
