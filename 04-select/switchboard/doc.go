// Package switchboard is one operator watching every line at once: an
// event loop on one OS thread, over non-blocking sockets.
//
// The loop asks a Poller which lines want something, does what each
// wants without ever blocking, and asks again. A call is a small state
// machine (pick up, hear the question, on hold, answer, hang up) whose
// steps say what the call waits for next: the line to be readable, to
// be writable, a timer, or nothing more. The loop turns that into the
// Poller's interest and the Timers' deadlines.
//
// Chapter 04 writes two Pollers, select(2) and poll(2). What differs
// between them, and epoll in chapter 05, is only the wait, so later
// chapters bring a Poller of their own and run this same loop:
//
//	sb, err := switchboard.New(line, switchboard.Options{
//		Lookup: time.Second, Idle: 10 * time.Second,
//		Poller: myEpoll,
//	})
package switchboard
