package main

import (
	"errors"
	"time"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/06-callbacks/reactor"
	"github.com/holdtheline/holdtheline/06-callbacks/records"
)

// A server is what the contract runs: a reactor with the operator on
// it, the records room, or both. It stops picking up in that order, so
// the calls on hold still get their numbers.
type server struct {
	r        *reactor.Reactor
	operator *Operator     // nil with -serve records
	room     *records.Room // nil with -records ADDR
	broke    error         // why a line stopped picking up on its own
}

func newServer(p switchboard.Poller) (*server, error) {
	loop, err := switchboard.NewLoop(p)
	if err != nil {
		return nil, err
	}
	return &server{r: reactor.New(loop)}, nil
}

// lineBroke notes why a line failed, and closes for the day: the calls
// picked up are still answered.
func (s *server) lineBroke(err error) {
	s.broke = errors.Join(s.broke, err)
	s.stopPickingUp()
}

// openRoom puts the records room on line.
func (s *server) openRoom(line int, delay, idle time.Duration) error {
	rm, err := records.Open(s.r, line, delay, idle, s.lineBroke)
	s.room = rm
	return err
}

// openOperator puts the operator on line, asking lookup.
func (s *server) openOperator(line int, lookup records.Lookup,
	idle time.Duration) error {
	o, err := openOperator(s.r, line, lookup, idle, s.lineBroke)
	s.operator = o
	return err
}

// Serve runs the reactor until every line is closed and every call
// over.
func (s *server) Serve() error {
	err := s.r.Run()
	return errors.Join(err, s.broke)
}

// StopPickingUp closes the lines, on the loop's thread.
func (s *server) StopPickingUp() { s.r.Post(s.stopPickingUp) }

// stopPickingUp closes the operator's line, then, once the operator's
// last call is over, the records room's, and then the loop.
func (s *server) stopPickingUp() {
	closeRoom := func() {
		if s.room == nil {
			s.r.Stop()
			return
		}
		s.room.Close(s.r.Stop)
	}
	if s.operator == nil {
		closeRoom()
		return
	}
	s.operator.Close(closeRoom)
}
