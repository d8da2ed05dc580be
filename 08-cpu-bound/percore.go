package main

import (
	"errors"
	"sync"
)

// Loops are several operators, one loop each, each on its own thread
// and its own line on the same port: the percore strategy, and the
// contract's Model.
type Loops []*Operator

// Serve runs every loop and waits for them all.
func (ls Loops) Serve() error {
	errs := make([]error, len(ls))
	var wg sync.WaitGroup
	for i, o := range ls {
		wg.Go(func() { errs[i] = o.Serve() })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// StopPickingUp puts every line down.
func (ls Loops) StopPickingUp() {
	for _, o := range ls {
		o.StopPickingUp()
	}
}
