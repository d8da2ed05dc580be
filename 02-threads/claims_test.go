package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/workshop/caller"
	"github.com/holdtheline/holdtheline/workshop/phone"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// The claims the README makes about one thread per call, each checked
// against the real binary, run as its own process.

func TestConformance(t *testing.T) {
	phonetest.Run(t, phonetest.Options{Dir: "."})
}

// README: "every call on hold has an OS thread of its own, asleep in
// the lookup, and the thread ends with the call". One caller on hold,
// then ten, then one: exactly that many threads are asleep in
// nanosleep(2), the thread count grows by as many, and it falls back
// when they hang up. The runtime keeps a few spare threads of its own,
// about one per core and more after a burst, which calls may take
// over or leave behind: so the totals are compared give or take that.
func TestACallOnHoldHoldsAThreadOfItsOwn(t *testing.T) {
	const lookup = 1500 * time.Millisecond
	srv := phonetest.StartHere(t, "-lookup", lookup.String())
	for _, n := range []int{1, 10, 1} {
		// Spare threads the runtime may lend or leave behind: about
		// one per core, more after a burst of threads waking at once.
		spare := max(runtime.GOMAXPROCS(0), n/2)
		before := settled(t, srv)
		hold := make(chan struct{}, n)
		var calls sync.WaitGroup
		for range n {
			calls.Go(func() { holdOn(t, srv.Addr, hold) })
		}
		for range n {
			<-hold // every caller has asked, and is on hold
		}
		onHold, asleep := srv.Threads(t), inLookup(t, srv.Pid)
		calls.Wait()
		after := settled(t, srv)
		t.Logf("%2d on hold: threads %d before, %d on hold (%d asleep "+
			"in the lookup), %d after", n, before, onHold, asleep, after)

		assert.Equal(t, n, asleep, "a thread asleep for every call")
		assert.GreaterOrEqual(t, onHold, before+n-spare,
			"the count grows with the calls")
		assert.GreaterOrEqual(t, onHold-after, n-spare,
			"the threads end with their calls")
		assert.LessOrEqual(t, after, before+spare, "the count falls back")
	}
}

// inLookup counts the threads of process pid that are in nanosleep(2)
// right now: the operators with a caller on hold. The kernel shows
// each thread's system call in /proc/PID/task/TID/syscall.
func inLookup(t *testing.T, pid int) int {
	tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	require.NoError(t, err)
	n := 0
	for _, task := range tasks {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/syscall",
			pid, task.Name()))
		if err != nil {
			continue // the thread has just ended
		}
		if f := strings.Fields(string(b)); len(f) > 0 &&
			f[0] == strconv.Itoa(unix.SYS_NANOSLEEP) {
			n++
		}
	}
	return n
}

// holdOn is one caller who asks for alice, says so on onHold, and
// waits for the answer. It reports by failing t, never by blocking.
func holdOn(t *testing.T, addr string, onHold chan<- struct{}) {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if !assert.NoError(t, err) {
		onHold <- struct{}{}
		return
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(c)
	greeting, err := r.ReadString('\n')
	assert.NoError(t, err)
	assert.Equal(t, phone.Greeting, greeting)
	_, err = c.Write([]byte("alice\n"))
	assert.NoError(t, err)
	// The question is sent; give the operator's thread a moment to
	// read it and go to sleep in the lookup.
	time.Sleep(100 * time.Millisecond)
	onHold <- struct{}{}
	answer, err := r.ReadString('\n')
	assert.NoError(t, err)
	assert.Equal(t, phone.Answer("alice"), answer)
}

// settled returns the server's thread count once it has stopped
// changing for a while: threads end a little after their calls do.
func settled(t *testing.T, srv *phonetest.Server) int {
	last, since := srv.Threads(t), time.Now()
	for deadline := time.Now().Add(5 * time.Second); time.Now().
		Before(deadline); time.Sleep(20 * time.Millisecond) {
		if n := srv.Threads(t); n != last {
			last, since = n, time.Now()
		}
		if time.Since(since) > 300*time.Millisecond {
			break
		}
	}
	return last
}

// README: "300 callers with a one-second lookup are all answered in
// about one lookup, not 300". Each call has its own thread, so the
// lookups overlap; the server holds a thread for every caller on hold.
// The fleet keeps at most 100 ringing, well under the backlog.
func TestThreeHundredCallersAreAnsweredInAboutOneLookup(t *testing.T) {
	const n, lookup = 300, time.Second
	srv := phonetest.StartHere(t, "-lookup", lookup.String())
	base := srv.Threads(t)

	peak := make(chan int)
	stop := make(chan struct{})
	go func() { peak <- peakThreads(t, srv, stop) }()
	r := phonetest.Callers(t, caller.Fleet{Addr: srv.Addr, N: n, MaxRinging: 100})
	close(stop)
	most := <-peak

	s := r.Summary()
	require.Equal(t, n, s.Answered, "%+v", s)
	t.Logf("%d callers, lookup %v: all answered in %v; threads %d "+
		"idle, %d at the peak", n, lookup, s.Elapsed, base, most)
	assert.GreaterOrEqual(t, s.Elapsed, lookup, "nobody beats a lookup")
	assert.Less(t, s.Elapsed, 3500*time.Millisecond,
		"about one lookup, not %d", n)
	assert.GreaterOrEqual(t, most, n, "a thread for every caller")
}

// peakThreads samples the server's thread count until stop closes,
// and returns the most it saw.
func peakThreads(t *testing.T, srv *phonetest.Server,
	stop <-chan struct{}) int {
	most := 0
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return most
		case <-tick.C:
			most = max(most, srv.Threads(t))
		}
	}
}

// README: "past -max-calls, a caller is picked up only to hear busy".
// Three calls on hold fill a server with -max-calls 3; two more callers
// hear "error: busy" at once, and once the line is free again a caller
// is answered.
func TestCallersPastMaxCallsHearBusy(t *testing.T) {
	const lookup = 2 * time.Second
	srv := phonetest.StartHere(t, "-lookup", lookup.String(), "-max-calls", "3")

	hold := make(chan struct{}, 3)
	var calls sync.WaitGroup
	for range 3 {
		calls.Go(func() { holdOn(t, srv.Addr, hold) })
	}
	for range 3 {
		<-hold
	}
	for _, name := range []string{"bob", "carol"} {
		ctx, cancel := context.WithTimeout(context.Background(),
			5*time.Second)
		c := caller.Dial(ctx, srv.Addr, name)
		cancel()
		assert.Equal(t, caller.Busy, c.Outcome(), "%s: %v", name, c.Err)
		assert.Less(t, c.PickedUp.Sub(c.Dialed), lookup/2,
			"a busy signal does not wait for a line to free up")
	}
	calls.Wait()

	ctx, cancel := context.WithTimeout(context.Background(),
		10*time.Second)
	defer cancel()
	c := caller.Dial(ctx, srv.Addr, "dave")
	assert.NoError(t, c.Err, "a line is free again")
}
