package caller

import (
	"errors"
	"fmt"
	"time"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

// A Call is one caller's call and the instants it passed. An instant
// the call never reached is the zero time.
type Call struct {
	Name      string
	Dialed    time.Time // dial started
	Connected time.Time // connect(2) returned: the phone rings
	PickedUp  time.Time // greeting (or a busy signal) read
	Answered  time.Time // reply line read
	// Reply is the operator's reply line without its "\n", or the
	// error line it gave instead of the greeting.
	Reply string
	// Err is nil when a reply line was read and was right. Otherwise
	// it is a *StageError that says where the call went wrong.
	Err error
}

// Connect is how long connecting took: from the dial to connect(2)
// returning. On loopback that is microseconds, unless the listen
// backlog was full: then the kernel drops the caller's SYN, and the
// caller's kernel sends it again a second later (then 2 s, 4 s, ...),
// all inside connect. That wait is not ringing: nothing rang yet. It
// is 0 if the call never connected.
func (c Call) Connect() time.Duration {
	if c.Connected.IsZero() || c.Dialed.IsZero() {
		return 0
	}
	return c.Connected.Sub(c.Dialed)
}

// Ringing is how long the phone rang: from connect to pick-up. The
// kernel completes the connection before any operator accepts it, so
// this is the time a caller waited in the listen backlog and beyond.
// It is 0 if the call was never picked up.
//
// Ringing is what a caller lived through, not a bound on what the
// operator did: the operator's accept may return before the caller's
// connect does, so an operator that waits d after accepting may show
// a ringing a little under d. A test that bounds the operator's wait
// from below takes PickedUp.Sub(Dialed), whose stamps bracket it.
func (c Call) Ringing() time.Duration {
	if c.PickedUp.IsZero() || c.Connected.IsZero() {
		return 0
	}
	return c.PickedUp.Sub(c.Connected)
}

// OnHold is how long the caller waited for the reply after pick-up.
// It is 0 if no reply line was read.
func (c Call) OnHold() time.Duration {
	if c.Answered.IsZero() || c.PickedUp.IsZero() {
		return 0
	}
	return c.Answered.Sub(c.PickedUp)
}

// Outcome sorts the call into one of four piles for a summary.
func (c Call) Outcome() Outcome {
	var reason phone.Error
	switch {
	case c.Err == nil && !c.Answered.IsZero():
		return Answered
	case errors.As(c.Err, &reason) && reason == phone.ErrBusy:
		return Busy
	case errors.As(c.Err, &reason):
		return Refused
	}
	return Failed
}

// An Outcome is how a call ended.
type Outcome int

// The outcomes. The zero Outcome is none of them, so a Call nobody
// looked at cannot pass for answered.
const (
	// Answered: the right number came back.
	Answered Outcome = iota + 1
	// Busy: the operator picked up only to say "error: busy".
	Busy
	// Refused: the operator gave another error line, such as
	// "error: too slow".
	Refused
	// Failed: no proper reply: the line was dead, broke, timed out,
	// or the operator said something the protocol does not allow.
	Failed
)

func (o Outcome) String() string {
	switch o {
	case Answered:
		return "answered"
	case Busy:
		return "busy"
	case Refused:
		return "refused"
	case Failed:
		return "failed"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}
