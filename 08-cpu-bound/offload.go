package main

import (
	"errors"
	"runtime"
	"sync"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/06-callbacks/records"
)

// A job is one lookup handed to the workers, and where its number goes.
type job struct {
	name string
	loop *switchboard.Loop
	done func(number string, err error)
}

// Workers are the clerks in the back office: each reads the book on a
// thread of its own, so the loop's thread only takes calls.
type Workers struct {
	book *Book
	jobs chan job
	gone sync.WaitGroup
}

// queued is how many lookups may wait for a clerk; more are refused
// ("lookup failed"), so a flood cannot grow the queue without end.
const queued = 4096

// errTooMany is the refusal of a lookup when every clerk is busy and
// the queue is full.
var errTooMany = errors.New("offload: too many lookups waiting")

// NewWorkers starts n clerks reading b.
func NewWorkers(b *Book, n int) *Workers {
	w := &Workers{book: b, jobs: make(chan job, queued)}
	for range n {
		w.gone.Go(w.clerk)
	}
	return w
}

// clerk reads for one job after another, on a thread of its own.
func (w *Workers) clerk() {
	runtime.LockOSThread()
	for j := range w.jobs {
		handBack(j, w.book.Look(j.name))
	}
}

// Lookup is the seam for an operator on loop: a name she knows by
// heart she answers herself, at once; any other she queues for a
// clerk, and takes the next call.
func (w *Workers) Lookup(loop *switchboard.Loop) records.Lookup {
	return func(name string, done func(string, error)) {
		if w.book.Cheap(name) {
			number := w.book.Look(name)
			loop.Post(func() { done(number, nil) })
			return
		}
		select {
		case w.jobs <- job{name: name, loop: loop, done: done}:
		default:
			loop.Post(func() { done("", errTooMany) })
		}
	}
}

// Close lets the clerks finish what is queued, and waits for them.
func (w *Workers) Close() {
	close(w.jobs)
	w.gone.Wait()
}
