package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/panjf2000/gnet/v2"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/workshop/contract"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// operator is gnet's event handler. Everything about a call happens on
// the loop's goroutine; timers only ask the loop to act (Execute), so a
// call's state needs no lock.
type operator struct {
	gnet.BuiltinEventEngine
	s contract.Settings

	engine   gnet.Engine
	booted   chan struct{}
	reserved int // fds the process holds besides its calls

	calls    atomic.Int64 // picked up and not yet over
	stopping atomic.Bool
	quiet    chan struct{} // closed once stopping and no call is left
	once     sync.Once
}

func newOperator(s contract.Settings) *operator {
	return &operator{s: s, booted: make(chan struct{}),
		quiet: make(chan struct{})}
}

// Serve runs one event loop on s.Addr until StopPickingUp has let the
// last call finish. SO_REUSEPORT with one loop makes gnet accept on the
// loop itself, one call per readiness event, so OnOpen runs before the
// next accept and can keep the fds within the limit (see OnOpen).
func (o *operator) Serve() error {
	return gnet.Run(o, "tcp://"+o.s.Addr,
		gnet.WithMulticore(false), gnet.WithNumEventLoop(1),
		gnet.WithReusePort(true), gnet.WithLogger(stderrLog{}))
}

// StopPickingUp refuses new calls and stops the engine once the calls
// already picked up are over.
func (o *operator) StopPickingUp() {
	<-o.booted
	o.stopping.Store(true)
	o.hungUp(0)
	go func() {
		<-o.quiet
		o.engine.Stop(context.Background())
	}()
}

// hungUp counts a call out (delta -1), or just looks (0), and says the
// day is over when the operator is stopping and no call is left.
func (o *operator) hungUp(delta int64) {
	if o.calls.Add(delta) == 0 && o.stopping.Load() {
		o.once.Do(func() { close(o.quiet) })
	}
}

// OnBoot prints the start-up line: with -addr :0 only the listening
// socket knows its port.
func (o *operator) OnBoot(eng gnet.Engine) gnet.Action {
	o.engine = eng
	addr := o.s.Addr
	if fd, err := eng.Dup(); err == nil {
		if sa, err := unix.Getsockname(fd); err == nil {
			if in, ok := sa.(*unix.SockaddrInet4); ok {
				addr = fmt.Sprintf("%d.%d.%d.%d:%d", in.Addr[0],
					in.Addr[1], in.Addr[2], in.Addr[3], in.Port)
			}
		}
		unix.Close(fd)
	}
	if fds, err := os.ReadDir("/proc/self/fd"); err == nil {
		o.reserved = len(fds) + 8
	}
	contract.Announce(os.Stdout, "gnet", addr, o.s, "one gnet loop")
	close(o.booted)
	return gnet.None
}

// A call is the state of one call, touched only on the loop.
type call struct {
	state  int
	heard  []byte
	name   string
	idle   *time.Timer
	orphan int // a dup of the fd, kept to answer after a half-close
}

const (
	hearing = iota
	onHold
	over
)

// OnOpen picks up. gnet stops its engine when accept fails (EMFILE
// included), so the operator never lets its calls use the last fds: a
// call past the limit hears busy and is hung up at once.
func (o *operator) OnOpen(c gnet.Conn) ([]byte, gnet.Action) {
	if o.stopping.Load() {
		return nil, gnet.Close // ringing, never picked up
	}
	var lim unix.Rlimit
	unix.Getrlimit(unix.RLIMIT_NOFILE, &lim)
	if o.calls.Load() >= int64(lim.Cur)-int64(o.reserved) {
		return []byte(phone.ErrBusy.Line()), gnet.Close
	}
	o.calls.Add(1)
	cl := &call{orphan: -1}
	c.SetContext(cl)
	cl.idle = time.AfterFunc(o.s.Idle, func() {
		o.onLoop(c, func() {
			if cl.state == hearing {
				o.hangUp(c, cl, phone.ErrTooSlow.Line())
			}
		})
	})
	return []byte(phone.Greeting), gnet.None
}

// OnTraffic hears the question, a piece at a time, and puts the
// caller on hold: a timer, not a sleep, so the loop serves on.
func (o *operator) OnTraffic(c gnet.Conn) gnet.Action {
	cl, _ := c.Context().(*call)
	in, _ := c.Next(-1)
	if cl == nil || cl.state != hearing {
		return gnet.None // one question per call: the rest is ignored
	}
	cl.heard = append(cl.heard, in[:min(len(in),
		phone.MaxLine-len(cl.heard))]...)
	name, ok, err := phone.ParseQuestion(cl.heard)
	switch {
	case err != nil:
		var refusal phone.Error
		errors.As(err, &refusal) // ParseQuestion's errors are all one
		o.hangUp(c, cl, refusal.Line())
	case ok:
		cl.idle.Stop()
		cl.state, cl.name, cl.heard = onHold, name, nil
		time.AfterFunc(o.s.Lookup, func() {
			o.onLoop(c, func() { o.answer(c, cl) })
		})
	}
	return gnet.None
}

// answer ends the lookup: on the line if the caller is still on it,
// or on the dup kept when the caller half-closed.
func (o *operator) answer(c gnet.Conn, cl *call) {
	switch {
	case cl.state == onHold:
		o.hangUp(c, cl, phone.Answer(cl.name))
	case cl.orphan >= 0:
		unix.Write(cl.orphan, []byte(phone.Answer(cl.name)))
		unix.Close(cl.orphan)
		cl.orphan = -1
		o.hungUp(-1)
	}
}

// hangUp says the last line and closes; gnet flushes it first.
func (o *operator) hangUp(c gnet.Conn, cl *call, last string) {
	cl.state = over
	c.Write([]byte(last))
	c.Close()
}

// OnClose ends the call. gnet closes a connection whose read side has
// ended, but a caller on hold who half-closed (shutdown SHUT_WR) still
// listens for the answer: keep a dup of the fd to answer on.
func (o *operator) OnClose(c gnet.Conn, _ error) gnet.Action {
	cl, _ := c.Context().(*call)
	if cl == nil {
		return gnet.None // never picked up
	}
	cl.idle.Stop()
	if cl.state == onHold {
		if fd, err := c.Dup(); err == nil {
			cl.orphan = fd
			cl.state = over
			return gnet.None // answer counts the call out
		}
	}
	cl.state = over
	o.hungUp(-1)
	return gnet.None
}

// onLoop runs f on c's event loop, where a call's state lives.
func (o *operator) onLoop(c gnet.Conn, f func()) {
	c.EventLoop().Execute(context.Background(),
		gnet.RunnableFunc(func(context.Context) error { f(); return nil }))
}

// stderrLog keeps gnet's log off standard output, where the start-up
// line must be the only line, and keeps only what went wrong.
type stderrLog struct{}

func (stderrLog) Debugf(string, ...any) {}
func (stderrLog) Infof(string, ...any)  {}
func (stderrLog) Warnf(f string, a ...any) {
	fmt.Fprintf(os.Stderr, "gnet: "+f+"\n", a...)
}
func (stderrLog) Errorf(f string, a ...any) {
	fmt.Fprintf(os.Stderr, "gnet: "+f+"\n", a...)
}
func (stderrLog) Fatalf(f string, a ...any) {
	fmt.Fprintf(os.Stderr, "gnet: "+f+"\n", a...)
	os.Exit(1)
}
