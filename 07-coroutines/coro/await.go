package coro

import (
	"errors"
	"time"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
)

// ErrTimeout is what a wait says when its deadline passes first.
var ErrTimeout = errors.New("coro: deadline passed")

// ErrWoken is what a wait says when the coroutine's Waker was called
// before the fd was ready.
var ErrWoken = errors.New("coro: woken before the fd was ready")

// Await parks co until fd is ready for some of want, and says for
// what; or until deadline passes (ErrTimeout; a zero deadline never
// does); or until co's Waker is called (ErrWoken).
//
// The loop keeps watching fd for want after the wait: the next wait
// for the same thing costs no system call. If fd turns ready while co
// waits for something else, its handler finds co not waiting on it and
// only then stops watching it: a line that stays readable during a
// lookup would otherwise wake every turn of the loop, a spin.
func (co *Co) Await(fd int, want switchboard.Interest,
	deadline time.Time) (switchboard.Interest, error) {
	l := co.s.loop
	var ready switchboard.Interest
	waiting, timedOut := true, false
	err := l.Watch(fd, want, func(r switchboard.Interest) {
		if !waiting {
			l.Watch(fd, 0, ignore)
			return
		}
		ready = r
		co.s.resume(co)
	})
	if err != nil {
		return 0, err
	}
	var t *switchboard.Timer
	if !deadline.IsZero() {
		t = l.After(time.Until(deadline), func() {
			timedOut = true
			co.s.resume(co)
		})
	}
	err = co.park()
	waiting = false
	l.Stop(t)
	switch {
	case err != nil:
		return 0, err
	case ready == 0 && timedOut:
		return 0, ErrTimeout
	case ready == 0:
		return 0, ErrWoken
	}
	return ready, nil
}

func ignore(switchboard.Interest) {}

// Close stops watching fd and closes it. The loop must forget an fd
// before it is closed: its number is the next new fd's.
func (co *Co) Close(fd int) error {
	co.s.loop.Forget(fd) // an error only says it was never watched
	return unix.Close(fd)
}

// Write writes all of b to the non-blocking fd, parking while its
// buffer is full, until deadline (ErrTimeout).
func (co *Co) Write(fd int, b []byte, deadline time.Time) error {
	for len(b) > 0 {
		n, err := unix.Write(fd, b)
		switch {
		case err == unix.EAGAIN:
			if _, err := co.Await(fd, switchboard.Writable,
				deadline); err != nil {
				return err
			}
		case err == unix.EINTR:
		case err != nil:
			return err
		default:
			b = b[n:]
		}
	}
	return nil
}

// Accept takes the next caller ringing on the non-blocking line,
// parking while nobody rings. The new fd is non-blocking too.
func (co *Co) Accept(line int) (int, error) {
	for {
		fd, _, err := unix.Accept4(line,
			unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC)
		if err != unix.EAGAIN {
			return fd, err
		}
		if _, err := co.Await(line, switchboard.Readable,
			time.Time{}); err != nil {
			return -1, err
		}
	}
}

// Dial connects a new non-blocking TCP socket to sa, parking while the
// kernel connects, until deadline.
func (co *Co) Dial(sa unix.Sockaddr, deadline time.Time) (int, error) {
	family := unix.AF_INET
	if _, ok := sa.(*unix.SockaddrInet6); ok {
		family = unix.AF_INET6
	}
	fd, err := unix.Socket(family,
		unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, err
	}
	err = unix.Connect(fd, sa)
	if err == unix.EINPROGRESS {
		_, err = co.Await(fd, switchboard.Writable, deadline)
		if err == nil {
			var code int
			code, err = unix.GetsockoptInt(fd, unix.SOL_SOCKET,
				unix.SO_ERROR)
			if err == nil && code != 0 {
				err = unix.Errno(code)
			}
		}
	}
	if err != nil {
		co.Close(fd)
		return -1, err
	}
	return fd, nil
}
