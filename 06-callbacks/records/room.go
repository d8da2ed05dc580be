package records

import (
	"time"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/06-callbacks/reactor"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// A Room is the records room: it picks up on its own line, hears a
// name, looks for Delay, writes the number and hangs up. It runs on a
// reactor, on the operator's or on one of its own.
type Room struct {
	r     *reactor.Reactor
	line  *reactor.Listener
	delay time.Duration
	idle  time.Duration
	open  int    // calls picked up and not over
	quiet func() // called when the line is closed and the last call over
}

// A visit is one call to the records room.
type visit struct {
	room  *Room
	fd    int
	heard []byte
	clock *reactor.Timer // the idle clock, then the delay
	reply []byte         // what is left to write
}

// Open opens the records room on line, a listening socket, through r:
// each name is answered after delay; a caller who has not asked within
// idle is hung up on. broke is called if the line fails for good.
func Open(r *reactor.Reactor, line int, delay, idle time.Duration,
	broke func(error)) (*Room, error) {
	rm := &Room{r: r, delay: delay, idle: idle}
	l, err := r.Listen(line, rm.pickUp, broke)
	if err != nil {
		return nil, err
	}
	rm.line = l
	return rm, nil
}

// Open is how many calls the room has picked up and not finished.
func (rm *Room) Open() int { return rm.open }

// Close stops picking up; quiet is called, on the loop, once the calls
// already picked up are over (at once if there are none).
func (rm *Room) Close(quiet func()) {
	rm.line.Close()
	rm.quiet = quiet
	rm.maybeQuiet()
}

func (rm *Room) maybeQuiet() {
	if rm.quiet != nil && rm.open == 0 {
		q := rm.quiet
		rm.quiet = nil
		rm.r.Soon(q)
	}
}

func (rm *Room) pickUp(fd int) {
	v := &visit{room: rm, fd: fd}
	rm.open++
	v.clock = rm.r.After(rm.idle, v.hangUp)
	v.wait(rm.r.WhenReadable(fd, v.hear))
}

// hear reads the name, as the phone line reads a question.
func (v *visit) hear() {
	var buf [phone.MaxLine]byte
	n, err := unix.Read(v.fd, buf[:])
	switch {
	case err == unix.EAGAIN || err == unix.EINTR:
		v.wait(v.room.r.WhenReadable(v.fd, v.hear))
		return
	case err != nil || n == 0:
		v.hangUp()
		return
	}
	v.heard = append(v.heard, buf[:n]...)
	name, ok, perr := phone.ParseQuestion(v.heard)
	switch {
	case perr != nil:
		v.say(perr.(phone.Error).Line())
	case !ok:
		v.wait(v.room.r.WhenReadable(v.fd, v.hear))
	default:
		v.heard = nil
		v.room.r.Cancel(v.clock)
		v.clock = v.room.r.After(v.room.delay, func() {
			v.clock = nil
			v.say(phone.Number(name) + "\n")
		})
	}
}

// say writes line, waiting for room if need be, and hangs up.
func (v *visit) say(line string) {
	v.room.r.Cancel(v.clock)
	v.clock = nil
	v.reply = []byte(line)
	v.write()
}

func (v *visit) write() {
	n, err := unix.Write(v.fd, v.reply)
	switch {
	case err == unix.EAGAIN || err == unix.EINTR:
		n = 0
	case err != nil:
		v.hangUp()
		return
	}
	v.reply = v.reply[n:]
	if len(v.reply) > 0 {
		v.wait(v.room.r.WhenWritable(v.fd, v.write))
		return
	}
	v.hangUp()
}

func (v *visit) wait(err error) {
	if err != nil {
		v.hangUp()
	}
}

// hangUp ends the visit, once.
func (v *visit) hangUp() {
	if v.fd < 0 {
		return
	}
	v.room.r.Cancel(v.clock)
	v.room.r.Close(v.fd)
	v.fd = -1
	v.room.open--
	v.room.maybeQuiet()
}
