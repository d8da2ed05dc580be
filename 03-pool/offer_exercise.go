//go:build exercise03

package main

// Exercise 2: the busy signal. Exercise 3: block when full.
//
// offer is the receptionist's hand-over of one accepted call, fd. It
// must put fd in p.queue if there is room, without waiting. If the
// queue is full:
//   - with p.block false (exercise 2), pick up only to say busy and
//     hang up, at once: blocking.Refuse(fd, phone.ErrBusy) does both.
//     The call is not queued, and offer does not wait;
//   - with p.block true (exercise 3), wait until a worker makes room,
//     then put fd in the queue. Wait asleep, not in a loop that tries
//     again and again: that burns a whole core while callers ring.
//
// A select with a default case tries a channel send without waiting.
// Check: go test -race -tags exercise03 -run Exercise ./...
func (p *pool) offer(fd int) {
	// Your version goes here. Until then every call is left ringing,
	// never queued.
}
