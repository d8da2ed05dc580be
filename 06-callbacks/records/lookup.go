package records

import (
	"errors"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/06-callbacks/reactor"
)

// A Lookup finds name's number and calls done once, on the loop's
// thread, later (never from inside the Lookup call): with the number
// ("555-7479"), or with why it could not.
type Lookup func(name string, done func(number string, err error))

// Why a records-room call failed. Each is wrapped with what happened,
// so errors.Is tells them apart.
var (
	// ErrDown: the records room could not be reached.
	ErrDown = errors.New("records: the records room did not pick up")
	// ErrTooSlow: no number within the budget.
	ErrTooSlow = errors.New("records: the records room took too long")
	// ErrHungUp: the records room hung up before the whole number.
	ErrHungUp = errors.New("records: the records room hung up mid-answer")
	// ErrBadAnswer: what came back is not a number.
	ErrBadAnswer = errors.New("records: the records room's answer is no number")
)

// Call is the Lookup that calls the records room at addr through r,
// one connection a lookup: dial, ask, read the number, hang up. If the
// number is not in within budget, the call is given up with ErrTooSlow
// and its connection closed.
func Call(r *reactor.Reactor, addr string, budget time.Duration) Lookup {
	return func(name string, done func(number string, err error)) {
		a := &asking{r: r, fd: -1, question: []byte(name + "\n"),
			done: done}
		a.clock = r.After(budget, func() { a.giveUp(ErrTooSlow) })
		a.dialing = r.Dial(addr, a.connected)
	}
}

// asking is one records-room call. Each step is a callback that
// starts the next, or gives up.
type asking struct {
	r        *reactor.Reactor
	dialing  *reactor.Dialing // until the dial's callback
	fd       int              // the connection, -1 until dialed and once closed
	clock    *reactor.Timer   // the budget
	question []byte           // what is left to write
	heard    []byte           // the answer so far
	done     func(number string, err error)
}

// readBuffer is more than any answer: a number is 9 bytes.
const readBuffer = 64

func (a *asking) connected(fd int, err error) {
	a.dialing = nil
	if err != nil {
		a.giveUp(errors.Join(ErrDown, err))
		return
	}
	a.fd = fd
	a.ask()
}

// ask writes the name; a fresh socket takes it whole, but a short
// write waits for room.
func (a *asking) ask() {
	n, err := unix.Write(a.fd, a.question)
	switch {
	case err == unix.EAGAIN || err == unix.EINTR:
		n = 0
	case err != nil:
		a.giveUp(errors.Join(ErrHungUp, err))
		return
	}
	a.question = a.question[n:]
	if len(a.question) > 0 {
		a.wait(a.r.WhenWritable(a.fd, a.ask))
		return
	}
	a.wait(a.r.WhenReadable(a.fd, a.hear))
}

// hear reads the answer until its newline, or the room hangs up.
func (a *asking) hear() {
	var buf [readBuffer]byte
	n, err := unix.Read(a.fd, buf[:])
	switch {
	case err == unix.EAGAIN || err == unix.EINTR:
		a.wait(a.r.WhenReadable(a.fd, a.hear))
		return
	case err != nil:
		a.giveUp(errors.Join(ErrHungUp, err))
		return
	case n == 0:
		a.giveUp(ErrHungUp)
		return
	}
	a.heard = append(a.heard, buf[:n]...)
	line, whole := strings.CutSuffix(string(a.heard), "\n")
	switch {
	case !whole && len(a.heard) < readBuffer:
		a.wait(a.r.WhenReadable(a.fd, a.hear))
	case !whole || !isNumber(line):
		a.giveUp(ErrBadAnswer)
	default:
		a.answered(line)
	}
}

// wait gives up if the reactor could not watch the connection.
func (a *asking) wait(err error) {
	if err != nil {
		a.giveUp(errors.Join(ErrHungUp, err))
	}
}

// answered hands the number on, once, and hangs up.
func (a *asking) answered(number string) {
	if a.done == nil {
		return // given up on, and the answer came all the same
	}
	done := a.done
	a.done = nil
	a.r.Cancel(a.clock)
	a.r.Close(a.fd)
	a.fd = -1
	done(number, nil)
}

// isNumber says whether s is a number as the directory writes them:
// "555-" and four digits.
func isNumber(s string) bool {
	digits, ok := strings.CutPrefix(s, "555-")
	if !ok || len(digits) != 4 {
		return false
	}
	for _, d := range digits {
		if d < '0' || d > '9' {
			return false
		}
	}
	return true
}
