package main

import (
	"bufio"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

// A Room is the records room of the goroutines strategy: chapter 07's
// goroutine operator asks it for every number, over loopback, in 06's
// records-room protocol, and it reads the book on a goroutine a
// question. Go's runtime spreads those goroutines over GOMAXPROCS
// threads: that is the whole strategy.
type Room struct {
	ln    net.Listener
	book  *Book
	wait  time.Duration
	calls sync.WaitGroup
}

// OpenRoom opens a room on a free loopback port.
func OpenRoom(b *Book, wait time.Duration) (*Room, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	r := &Room{ln: ln, book: b, wait: wait}
	go r.serve()
	return r, nil
}

// Addr is where the room answers.
func (r *Room) Addr() string { return r.ln.Addr().String() }

// restFor is how long the room rests when accept(2) runs out of fds.
const restFor = 100 * time.Millisecond

func (r *Room) serve() {
	for {
		c, err := r.ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return
		}
		if err != nil {
			time.Sleep(restFor) // out of fds: questions wait in the backlog
			continue
		}
		r.calls.Go(func() { r.answer(c) })
	}
}

// answer reads one name, the book for it, and writes the number.
func (r *Room) answer(c net.Conn) {
	defer c.Close()
	c.SetReadDeadline(time.Now().Add(time.Minute))
	line, err := bufio.NewReader(io.LimitReader(c, phone.MaxLine)).
		ReadString('\n')
	if err != nil {
		return
	}
	number := r.book.Look(strings.TrimSpace(line))
	time.Sleep(r.wait) // the I/O part of a lookup
	c.Write([]byte(number + "\n"))
}

// Close stops taking questions and waits for those being answered.
func (r *Room) Close() {
	r.ln.Close()
	r.calls.Wait()
}
