//go:build exercise

package main

// Exercise 2: the busy signal. Exercise 3: block when full.
//
// offer must put fd in p.queue if there is room, without waiting.
// If the queue is full:
//   - with p.block false, pick up only to say busy and hang up:
//     blocking.Refuse(fd, phone.ErrBusy) (exercise 2);
//   - with p.block true, wait until a worker makes room, then put fd
//     in the queue (exercise 3).
//
// A select with a default case tries a channel send without waiting.
// Check: go test -tags exercise -run 'Exercise[23]' .
func (p *pool) offer(fd int) {
}
