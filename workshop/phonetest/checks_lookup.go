package phonetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

// lookupChecked is the -lookup the lookup check gives a server, unless
// the chapter's own is longer. It is long enough that the margins
// below are wide on a loaded 2-core machine, and short enough that the
// check's three calls take a second and a half.
const lookupChecked = 500 * time.Millisecond

// takesTheLookup: the caller is on hold for -lookup, no less and not
// much more. A server that skips the lookup is not the model being
// measured; one that sleeps twice, or ignores the flag and keeps the
// contract's default of 1 s, makes every figure drawn from it wrong.
//
// Each call is timed from just before the write that sends the
// question's last byte (the server cannot start its lookup before it
// has that byte) to the hang-up after the answer (it cannot come
// before the lookup is over). So "at least -lookup" holds on any
// machine, however loaded: sleeps and timers never end early.
//
// The upper bound is on the fastest of three calls: under 1.6 x
// -lookup (800 ms for 500 ms). A right server needs -lookup plus a few
// wake-ups; the 300 ms to spare is for a machine busy enough to delay
// every one of three calls that long. A server that doubles the lookup
// needs 1 s or more on every call, and no noise makes a call faster.
func takesTheLookup(t *testing.T, bin string, o Options) {
	o.Lookup = max(o.Lookup, lookupChecked)
	s := o.start(t, bin)
	fastest := time.Duration(0)
	for _, name := range []string{"alice", "bob", "Grace Hopper"} {
		c := dial(t, s.Addr, o.patience())
		hearGreeting(t, c)
		asked := time.Now()
		send(t, c, name+"\n")
		got, _ := hearReply(t, c)
		onHold := time.Since(asked)
		c.Close()

		require.Equal(t, phone.Answer(name), got,
			"the caller said %q", name+"\n")
		assert.GreaterOrEqual(t, onHold, o.Lookup,
			"%s was on hold for less than -lookup %v: the lookup is "+
				"the work a server must do (or wait for)", name, o.Lookup)
		if fastest == 0 || onHold < fastest {
			fastest = onHold
		}
	}
	assert.Less(t, fastest, o.Lookup*8/5,
		"even the quickest of three calls was on hold far longer than "+
			"-lookup %v (%v): does the server sleep twice, or ignore "+
			"the flag?", o.Lookup, fastest)
}
