// Package switchboard is one operator watching every line at once: an
// event loop on one OS thread, over non-blocking sockets.
//
// A Loop asks a Poller which fds want something, calls whoever waits
// on each, fires the timers that are due, and asks again. It knows
// nothing of phones: any code can drive it with Watch, After and Post.
//
// The Switchboard is the operator on that loop. A call is a small
// state machine (pick up, hear the question, on hold, answer, hang up)
// whose steps say what the call waits for next: the line to be
// readable, to be writable, a timer, or nothing more. The switchboard
// turns that into the loop's interest and timers.
//
// Chapter 04 writes two Pollers, select(2) and poll(2). What differs
// between them, and epoll in chapter 05, is only the wait, so later
// chapters bring a Poller of their own and run this same loop:
//
//	sb, err := switchboard.New(line, switchboard.Options{
//		Lookup: time.Second, Idle: 10 * time.Second,
//		Poller: myEpoll,
//	})
//
// Chapters 06 to 08 drive a Loop with code of their own:
//
//	loop, err := switchboard.NewLoop(myEpoll)
//	go loop.Run()
//	loop.Post(func() { loop.Watch(fd, switchboard.Readable, onReady) })
package switchboard
