// Command netpeer is the peer 05-epoll is measured against: the same
// operator on Go's net package, a goroutine per call. Underneath, Go's
// runtime parks each goroutine on its own epoll (the netpoller), so
// this is an event loop too, written as blocking code. Run it with
// GOMAXPROCS=1 to hold it to one core, as the switchboard is.
//
//	GOMAXPROCS=1 go run ./internal/netpeer -addr 127.0.0.1:7095
package main

import (
	"bufio"
	"flag"
	"fmt"
	"net"
	"os"
	"time"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:7095", "listen on host:port")
	lookup := flag.Duration("lookup", 0, "how long a lookup takes")
	idle := flag.Duration("idle", 10*time.Second,
		"hang up with 'too slow' if the question takes longer")
	flag.Parse()
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "netpeer:", err)
		os.Exit(1)
	}
	fmt.Printf("netpeer: listening on %s (lookup %v, idle %v, "+
		"a goroutine per call)\n", l.Addr(), *lookup, *idle)
	for {
		c, err := l.Accept()
		if err != nil {
			time.Sleep(10 * time.Millisecond) // out of fds: rest
			continue
		}
		go answer(c, *lookup, *idle)
	}
}

// answer takes one call, start to finish, in blocking style.
func answer(c net.Conn, lookup, idle time.Duration) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(idle))
	if _, err := c.Write([]byte(phone.Greeting)); err != nil {
		return
	}
	r := bufio.NewReaderSize(c, phone.MaxLine)
	var heard []byte
	for {
		b, err := r.ReadSlice('\n')
		heard = append(heard, b...)
		name, ok, perr := phone.ParseQuestion(heard)
		switch {
		case perr != nil:
			c.Write([]byte(perr.(phone.Error).Line()))
			return
		case ok:
			time.Sleep(lookup)
			c.SetDeadline(time.Now().Add(idle))
			c.Write([]byte(phone.Answer(name)))
			return
		case err != nil && err != bufio.ErrBufferFull:
			if os.IsTimeout(err) {
				c.Write([]byte(phone.ErrTooSlow.Line()))
			}
			return
		}
	}
}
