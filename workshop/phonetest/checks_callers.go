package phonetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

// keepsNothingOfHangUps: callers hang up at every stage of a call, one
// with a reset. The server keeps serving, and once it has noticed, it
// holds no more fds than before they called.
func keepsNothingOfHangUps(t *testing.T, bin string, o Options) {
	s := o.start(t, bin)
	// One plain call first, so anything a server opens once, on its
	// first call, is in the baseline.
	expectReply(t, s, o, "alice\n", phone.Answer("alice"))
	baseline := s.OpenFDs(t)

	ringing := dial(t, s.Addr, o.patience())
	ringing.Close() // before the pick-up, or just after it

	pickedUp := dial(t, s.Addr, o.patience())
	hearGreeting(t, pickedUp)
	pickedUp.Close() // before asking

	onHold := dial(t, s.Addr, o.patience())
	hearGreeting(t, onHold)
	send(t, onHold, "alice\n")
	onHold.Close() // before the answer

	rude := dial(t, s.Addr, o.patience())
	hearGreeting(t, rude)
	rude.SetLinger(0) // so Close sends an RST, not a FIN
	send(t, rude, "alice\n")
	rude.Close()

	stillServes(t, s, o, "four callers hung up early")

	// The server closes in its own time: wait for it, within reason.
	deadline := time.Now().Add(o.patience())
	open := s.OpenFDs(t)
	for open > baseline && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		open = s.OpenFDs(t)
	}
	assert.LessOrEqual(t, open, baseline,
		"fds open before four callers hung up early, and after: "+
			"a call that is over should be closed (ls -l /proc/%d/fd)",
		s.Pid)
}

// answersAHalfClosedCaller: a caller may say its name and shut its
// side (shutdown SHUT_WR: "I have nothing more to say"). The read that
// then gives EOF is not a hang-up: the caller still listens.
func answersAHalfClosedCaller(t *testing.T, bin string, o Options) {
	s := o.start(t, bin)
	c := dial(t, s.Addr, o.patience())
	hearGreeting(t, c)
	send(t, c, "alice\n")
	if err := c.CloseWrite(); err != nil {
		t.Fatalf("shutdown(SHUT_WR): %v", err)
	}
	got, _ := hearReply(t, c)
	assert.Equal(t, phone.Answer("alice"), got,
		`the caller said "alice\n" and then closed its sending side`)
}

// hangsUpOnSilence: a caller who says nothing gets "too slow" after
// the idle timeout, not before and not much after.
func hangsUpOnSilence(t *testing.T, bin string, o Options) {
	hangsUpAfterIdle(t, bin, o, "")
}

// hangsUpOnHalfAName: a caller who starts a name and stops gets "too
// slow" as well; half a question is not a question.
func hangsUpOnHalfAName(t *testing.T, bin string, o Options) {
	hangsUpAfterIdle(t, bin, o, "ali")
}

// idleLate is how much later than -idle a server may hang up on a
// silent caller. The server's timer fires on time; what comes after,
// its write, its close and the caller's wake-up, takes milliseconds,
// and 1.5 s is for a machine loaded enough to delay them a hundredfold.
// A server that ignores -idle 1s and keeps 5 s (or the contract's
// default, 10 s) is 4 s late or more.
const idleLate = 1500 * time.Millisecond

func hangsUpAfterIdle(t *testing.T, bin string, o Options, said string) {
	s := o.start(t, bin)
	// Timed from before the dial: the server cannot start its clock
	// before the call exists, so the lower bound is safe on any
	// machine, however loaded. It is 0.9 x -idle, not -idle, so a
	// server that rounds its timer to the millisecond, or counts from
	// its own clock a little early, is not called wrong.
	start := time.Now()
	c := dial(t, s.Addr, o.patience())
	hearGreeting(t, c)
	send(t, c, said)
	got, _ := hearReply(t, c)
	waited := time.Since(start)

	assert.Equal(t, phone.ErrTooSlow.Line(), got,
		"the caller said %q and then nothing (idle %v)", said, o.Idle)
	assert.GreaterOrEqual(t, waited, o.Idle*9/10,
		"the server hung up before the idle timeout (-idle %v)", o.Idle)
	assert.Less(t, waited, o.Idle+idleLate,
		"the server took far longer than the idle timeout (-idle %v): "+
			"does it ignore the flag?", o.Idle)
}
