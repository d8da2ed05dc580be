package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sync"

	"golang.org/x/sys/unix"
)

// sleep is the copy's half of the demo (see sleepElsewhere): it says
// "ready", waits to be told to go, starts n sleepers of one kind, says
// "asleep" once they all are, and wakes them when its input closes.
func sleep(r io.Reader, w io.Writer, kind string, n int) int {
	start := map[string]func(n int, wake <-chan struct{}) func(){
		"threads":    sleepingThreads,
		"goroutines": sleepingGoroutines,
	}[kind]
	if start == nil {
		fmt.Fprintf(os.Stderr, "02-threads: no such sleepers: %q\n", kind)
		return 2
	}
	told := bufio.NewReader(r)
	fmt.Fprintln(w, "ready")
	if _, err := told.ReadString('\n'); err != nil {
		return 0 // nobody is watching
	}
	wake := make(chan struct{})
	wakeUp := start(n, wake)
	fmt.Fprintln(w, "asleep")
	io.Copy(io.Discard, told) // until the input closes
	close(wake)
	wakeUp()
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
