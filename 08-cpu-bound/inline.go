package main

import (
	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/06-callbacks/records"
)

// Inline is the lookup that reads the book on the loop's own thread.
// While it reads, the loop waits for nobody: every other caller, even
// one whose name needs no reading, waits behind it.
func Inline(b *Book) func(*switchboard.Loop) records.Lookup {
	return func(loop *switchboard.Loop) records.Lookup {
		return func(name string, done func(string, error)) {
			number := b.Look(name)
			// The seam calls back later, never from inside the call.
			loop.Post(func() { done(number, nil) })
		}
	}
}
