//go:build exercise

package main

// Exercise 1: an operator's day.
//
// work must lock the goroutine to its OS thread (runtime.LockOSThread),
// then take calls from p.queue until it is closed and empty, and for
// each one:
//   - if p.closing is set, the day is over: refuse the call with
//     blocking.Refuse(fd, phone.ErrBusy);
//   - otherwise answer it with p.answer(fd).
//
// Check: go test -tags exercise -run Exercise1 .
func (p *pool) work() {
}
