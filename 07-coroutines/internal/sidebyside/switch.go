package main

import (
	"iter"
	"time"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/05-epoll/epoll"
	"github.com/holdtheline/holdtheline/06-callbacks/reactor"
	"github.com/holdtheline/holdtheline/07-coroutines/coro"
)

// switches is how many each switch measurement makes.
const switches = 200_000

// newLoop is a loop on 05's epoll, running until stop.
func newLoop() (loop *switchboard.Loop, stop func()) {
	p, err := epoll.New(epoll.Level)
	if err != nil {
		panic(err)
	}
	loop, err = switchboard.NewLoop(p)
	if err != nil {
		panic(err)
	}
	ran := make(chan error)
	go func() { ran <- loop.Run() }()
	return loop, func() { loop.Close(); <-ran }
}

// coroutineSwitch is one resume of a parked coroutine and its park
// again, on the loop's thread: ns each.
func coroutineSwitch() float64 {
	loop, stop := newLoop()
	defer stop()
	s := coro.New(loop)
	var co *coro.Co
	s.Go(func(c *coro.Co) {
		co = c
		for c.Park() == nil {
		}
	})
	took := make(chan time.Duration)
	loop.Post(func() {
		start := time.Now()
		for range switches {
			s.Wake(co)
		}
		took <- time.Since(start)
		s.Stop(co)
	})
	return float64((<-took).Nanoseconds()) / switches
}

// goroutineHandOff is one hand-off to another goroutine and back, over
// unbuffered channels: ns each.
func goroutineHandOff() float64 {
	ping, pong := make(chan struct{}), make(chan struct{})
	go func() {
		for range ping {
			pong <- struct{}{}
		}
	}()
	start := time.Now()
	for range switches {
		ping <- struct{}{}
		<-pong
	}
	d := time.Since(start)
	close(ping)
	return float64(d.Nanoseconds()) / switches
}

// callbackDispatch is one callback of 06's reactor run by the loop
// (Soon: a callback queued from a callback, no system call): ns each.
func callbackDispatch() float64 {
	loop, stop := newLoop()
	defer stop()
	r := reactor.New(loop)
	took := make(chan time.Duration)
	loop.Post(func() {
		start := time.Now()
		n := 0
		var next func()
		next = func() {
			n++
			if n == switches {
				took <- time.Since(start)
				return
			}
			r.Soon(next)
		}
		r.Soon(next)
	})
	return float64((<-took).Nanoseconds()) / switches
}

// pullSwitch is iter.Pull's switch alone, with no scheduler and no
// loop: one next and one yield, ns each pair.
func pullSwitch() float64 {
	next, stop := iter.Pull(func(yield func(struct{}) bool) {
		for yield(struct{}{}) {
		}
	})
	defer stop()
	start := time.Now()
	for range switches {
		next()
	}
	return float64(time.Since(start).Nanoseconds()) / switches
}
