package phonetest

import (
	"fmt"
	"io"
	"net"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

// onHold is what one caller in the SIGTERM check lived through.
type onHold struct {
	name     string
	pickedUp bool   // the greeting was read in full
	reply    string // all the server said after the greeting
	err      error  // how the call ended, if not with a clean close
}

// answersEveryoneOnHold: SIGTERM stops the pick-ups, not the calls.
// Every caller who heard the greeting gets a correct answer, and the
// server then exits 0. Callers still ringing may be refused: nobody
// picked them up.
func answersEveryoneOnHold(t *testing.T, bin string, o Options) {
	const callers = 4
	o.Lookup = max(o.Lookup, 500*time.Millisecond) // long enough to hold
	s := o.start(t, bin)
	patience := time.Duration(callers)*o.Lookup + o.Grace + 5*time.Second

	calls := make([]onHold, callers)
	firstPickUp := make(chan struct{}, callers)
	var wg sync.WaitGroup
	for i := range calls {
		calls[i].name = fmt.Sprintf("caller %d", i+1)
		wg.Go(func() { holdOn(s.Addr, &calls[i], patience, firstPickUp) })
	}
	select {
	case <-firstPickUp:
	case <-time.After(patience):
		t.Fatalf("none of %d callers was picked up within %v",
			callers, patience)
	}
	require.NoError(t, s.Signal(syscall.SIGTERM))
	wg.Wait() // every call has a deadline: this ends

	code, err := s.Wait(patience)
	require.NoError(t, err, "after SIGTERM the server should finish the "+
		"calls on hold within -grace %v and exit", o.Grace)
	assert.Equal(t, 0, code, "after SIGTERM the server should exit 0")

	for _, c := range calls {
		if !c.pickedUp {
			t.Logf("%s was not picked up (%v): allowed", c.name, c.err)
			continue
		}
		assert.Equal(t, phone.Answer(c.name), c.reply,
			"%s was picked up before or during the SIGTERM, and "+
				"should get its answer (the call ended with %v)",
			c.name, c.err)
	}
}

// holdOn makes one call of the SIGTERM check. It runs on its own
// goroutine, so it reports in c rather than failing the test.
func holdOn(addr string, c *onHold, patience time.Duration,
	pickedUp chan<- struct{}) {
	conn, err := net.DialTimeout("tcp", addr, patience)
	if err != nil {
		c.err = err
		return
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(patience))
	greeting := make([]byte, len(phone.Greeting))
	if _, c.err = io.ReadFull(conn, greeting); c.err != nil {
		return // still ringing when the line was cut: not picked up
	}
	c.pickedUp = true
	pickedUp <- struct{}{}
	if _, c.err = conn.Write([]byte(c.name + "\n")); c.err != nil {
		return
	}
	var reply []byte
	reply, c.err = io.ReadAll(conn)
	c.reply = string(reply)
}

// doesNotSpinOutOfFDs: with its fd limit lowered and a flood of
// silent callers, a server cannot accept them all. It must wait for
// fds to come free, not retry accept(2) in a tight loop (an EMFILE on
// a level-triggered listener is a classic way to burn a core). Once
// the flood is gone, it answers again.
func doesNotSpinOutOfFDs(t *testing.T, bin string, o Options) {
	const limit, flood = 32, 150
	const window = 2 * time.Second
	s := o.start(t, bin)
	s.SetFDLimit(t, limit)

	conns := floodWithSilence(s.Addr, flood)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	t.Logf("%d of %d silent callers got through to the backlog or further",
		len(conns), flood)

	used, wall := s.WantedOver(t, window)
	require.True(t, s.Running(),
		"the server died when its fds ran out (limit %d)", limit)
	assert.Less(t, used, wall/4,
		"the server ran or waited to run %v in %v holding %d silent callers "+
			"with %d fds: is it retrying accept in a loop?",
		used, wall, len(conns), limit)

	for _, c := range conns {
		c.Close()
	}
	stillServes(t, s, o, fmt.Sprintf("a flood of %d silent callers "+
		"with an fd limit of %d", flood, limit))
}

// floodWithSilence dials n calls at once and says nothing on any of
// them. Those the server's backlog cannot take time out: ignored.
func floodWithSilence(addr string, n int) []net.Conn {
	var mu sync.Mutex
	var conns []net.Conn
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			c, err := net.DialTimeout("tcp", addr, time.Second)
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		})
	}
	wg.Wait()
	return conns
}
