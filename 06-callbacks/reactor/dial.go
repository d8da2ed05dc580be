package reactor

import (
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/workshop/contract"
)

// A Dialing is an outgoing call being connected.
type Dialing struct {
	r    *Reactor
	fd   int // -1 until socket(2) gave one, and once handed on or closed
	done func(fd int, err error)
}

// Dial connects to addr ("127.0.0.1:7106") without waiting, and calls
// done once: with the connected fd, which is done's to close, or with
// why it could not connect and fd -1. Close the fd with the
// reactor's Close, which drops its callbacks too. Every failure, even a socket(2)
// that fails at once for want of fds, comes through done, later, like
// a success: the caller has one path to write, not two.
//
// The connect is non-blocking: connect(2) says EINPROGRESS, and the
// socket turns writable when the kernel knows the answer. Writable is
// not connected: the answer is in SO_ERROR (connect(2), "EINPROGRESS").
func (r *Reactor) Dial(addr string, done func(fd int, err error)) *Dialing {
	d := &Dialing{r: r, fd: -1, done: done}
	sa, domain, err := contract.Sockaddr(addr)
	if err != nil {
		r.Soon(func() { d.finish(err) })
		return d
	}
	fd, err := unix.Socket(domain,
		unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		r.Soon(func() { d.finish(fmt.Errorf("socket: %w", err)) })
		return d
	}
	d.fd = fd
	switch err := unix.Connect(fd, sa); err {
	case nil:
		r.Soon(func() { d.finish(nil) })
	case unix.EINPROGRESS, unix.EINTR:
		err = r.WhenWritable(fd, func() { d.finish(connected(fd)) })
		if err != nil {
			r.Soon(func() { d.finish(err) })
		}
	default:
		r.Soon(func() { d.finish(fmt.Errorf("connect %s: %w", addr, err)) })
	}
	return d
}

// finish hands the outcome to done, once. A dial canceled first has
// no done any more, and hears nothing.
func (d *Dialing) finish(err error) {
	done := d.done
	if done == nil {
		return
	}
	d.done = nil
	fd := d.fd
	d.fd = -1
	if err != nil {
		if fd >= 0 {
			d.r.Close(fd)
		}
		done(-1, err)
		return
	}
	done(fd, nil)
}

// Cancel gives up the dial: done is never called, and the socket, if
// there is one, is closed. Cancel after done has run does nothing.
func (d *Dialing) Cancel() {
	if d.done == nil {
		return
	}
	d.done = nil
	if d.fd >= 0 {
		d.r.Close(d.fd)
		d.fd = -1
	}
}
