package operator

import (
	"time"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// Records is the lookup seam: a name in, one callback out, on the
// loop's thread. Chapter 06's records room is one; Delay, below, is
// the stand-in this chapter uses until it is.
type Records interface {
	Lookup(name string, answer func(number string, err error))
}

// Delay is a records room that answers from the directory after a
// fixed time, on the loop's timer: the -lookup of chapters 04 and 05.
type Delay struct {
	Loop *switchboard.Loop
	For  time.Duration
}

// Lookup calls answer with name's number, For from now.
func (d Delay) Lookup(name string, answer func(string, error)) {
	d.Loop.After(d.For, func() { answer(phone.Number(name), nil) })
}
