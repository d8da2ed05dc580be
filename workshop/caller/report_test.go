package caller_test

import (
	"bytes"
	"errors"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/caller"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

var epoch = time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)

// answered is a call that rang for ringing and was on hold for onHold.
func answered(name string, ringing, onHold time.Duration) caller.Call {
	connected := epoch.Add(time.Millisecond)
	return caller.Call{Name: name, Dialed: epoch, Connected: connected,
		PickedUp: connected.Add(ringing),
		Answered: connected.Add(ringing + onHold),
		Reply:    phone.Answer(name)[:len(phone.Answer(name))-1]}
}

// synRetried is c with its connect a wait longer: what a caller sees
// when a full backlog dropped its first SYN and the kernel sent it
// again.
func synRetried(c caller.Call, wait time.Duration) caller.Call {
	c.Dialed = c.Dialed.Add(-wait)
	return c
}

// gotBusy is a call the operator picked up after ringing only to say
// it was busy.
func gotBusy(ringing time.Duration) caller.Call {
	c := answered("bob", ringing, 0)
	c.Answered, c.Reply = time.Time{}, "error: busy"
	c.Err = &caller.StageError{Stage: caller.StageGreeting,
		Err: phone.ErrBusy}
	return c
}

func refused(name string) caller.Call {
	c := answered(name, time.Millisecond, time.Second)
	c.Reply = "error: too slow"
	c.Err = &caller.StageError{Stage: caller.StageReply,
		Err: phone.ErrTooSlow}
	return c
}

func neverConnected(name string) caller.Call {
	return caller.Call{Name: name, Dialed: epoch,
		Err: &caller.StageError{Stage: caller.StageDial,
			Err: fmt.Errorf("dial tcp 127.0.0.1:7001: %w",
				syscall.ECONNREFUSED)}}
}

func TestSummaryQuantiles(t *testing.T) {
	// A hundred answers that rang 1ms..100ms and were on hold twice
	// as long: the empirical quantiles are waits callers really had.
	var r caller.Report
	for i := 1; i <= 100; i++ {
		ms := time.Duration(i) * time.Millisecond
		r.Calls = append(r.Calls, answered("alice", ms, 2*ms))
	}

	s := r.Summary()

	ms := time.Millisecond
	assert.Equal(t, caller.Quantiles{P50: 50 * ms, P90: 90 * ms,
		P99: 99 * ms, Max: 100 * ms}, s.Ringing)
	assert.Equal(t, caller.Quantiles{P50: 100 * ms, P90: 180 * ms,
		P99: 198 * ms, Max: 200 * ms}, s.OnHold)
	assert.Equal(t, 100, s.Answered)
}

func TestSummaryCountsOutcomesAndTakesWaitsFromTheRightCalls(t *testing.T) {
	r := caller.Report{Elapsed: 3 * time.Second, Calls: []caller.Call{
		answered("alice", 10*time.Millisecond, time.Second),
		gotBusy(30 * time.Millisecond),
		refused("carol"),
		neverConnected("dave"),
	}}

	s := r.Summary()

	assert.Equal(t, 4, s.N)
	assert.Equal(t, []int{1, 1, 1, 1},
		[]int{s.Answered, s.Busy, s.Refused, s.Failed})
	// Ringing is over the three calls picked up; a busy signal ends
	// the ringing too. On hold is over the one call answered.
	assert.Equal(t, 30*time.Millisecond, s.Ringing.Max)
	// Connect is over every call that connected, refused ones too.
	assert.Equal(t, caller.Quantiles{P50: time.Millisecond,
		P90: time.Millisecond, P99: time.Millisecond,
		Max: time.Millisecond}, s.Connect)
	assert.Equal(t, 10*time.Millisecond, s.Ringing.P50)
	assert.Equal(t, caller.Quantiles{P50: time.Second, P90: time.Second,
		P99: time.Second, Max: time.Second}, s.OnHold)
	assert.Equal(t, 3*time.Second, s.Elapsed)
}

func TestWriteTableShowsCountsWaitsAndTheFirstFailure(t *testing.T) {
	r := caller.Report{Addr: "127.0.0.1:7001", Elapsed: 2*time.Second +
		34567*time.Microsecond, Calls: []caller.Call{
		synRetried(answered("alice", 41237*time.Nanosecond,
			1003400*time.Microsecond), time.Second),
		neverConnected("bob"),
		neverConnected("carol"),
	}}
	var out bytes.Buffer

	require.NoError(t, r.WriteTable(&out))

	assert.Equal(t, `callers   3 to 127.0.0.1:7001 in 2.03s
answered  1
busy      0
refused   0
failed    2
waits     p50     p90     p99     max     over
connect   1s      1s      1s      1s      1 connected
ringing   41.2µs  41.2µs  41.2µs  41.2µs  1 picked up
on hold   1s      1s      1s      1s      1 answered
first failed: caller 1 "bob"
  dial: dial tcp 127.0.0.1:7001: connection refused
`, out.String())
}

func TestWriteTableReportsTheWritersError(t *testing.T) {
	r := caller.Report{Calls: []caller.Call{neverConnected("bob")}}
	assert.Error(t, r.WriteTable(failingWriter{}))
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) {
	return 0, errors.New("disk full")
}
