package phonetest

import (
	"errors"
	"io"
	"net"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

// dial calls the server. Every call gets a deadline, so no read or
// write in the suite can wait forever on a server that went quiet.
func dial(t testing.TB, addr string, patience time.Duration) *net.TCPConn {
	t.Helper()
	d := net.Dialer{Timeout: patience}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("calling %s: %v", addr, err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(patience))
	return c.(*net.TCPConn)
}

// hearGreeting reads the pick-up line and checks it byte for byte.
func hearGreeting(t testing.TB, c net.Conn) {
	t.Helper()
	got := make([]byte, len(phone.Greeting))
	n, err := io.ReadFull(c, got)
	if err != nil {
		t.Fatalf("waiting for the greeting %q: got %q, then %v",
			phone.Greeting, got[:n], err)
	}
	if string(got) != phone.Greeting {
		t.Fatalf("the greeting is wrong:\n  want %q\n  got  %q",
			phone.Greeting, got)
	}
}

// A hangUp is how the server ended the call.
type hangUp string

const (
	closed hangUp = "closed" // a FIN: read gives EOF
	reset  hangUp = "reset"  // an RST: read gives ECONNRESET
)

// hearReply reads everything the server says until it hangs up, and
// how it hung up. A server that hangs up with part of the question
// unread makes the kernel send a reset rather than a close; that is
// still a hang-up, and what the server said before it still counts.
func hearReply(t testing.TB, c net.Conn) (string, hangUp) {
	t.Helper()
	got, err := io.ReadAll(c)
	switch {
	case err == nil:
		return string(got), closed
	case errors.Is(err, syscall.ECONNRESET):
		return string(got), reset
	case errors.Is(err, os.ErrDeadlineExceeded):
		t.Fatalf("the server did not hang up in time; it said %q", got)
	default:
		t.Fatalf("after %q: %v", got, err)
	}
	return "", ""
}

// send writes what the caller says. Past MaxLine the operator may
// rightly hang up before it has heard it all, so then a failed write
// is no fault of the server's: the reply tells.
func send(t testing.TB, c net.Conn, said string) {
	t.Helper()
	if _, err := io.WriteString(c, said); err != nil &&
		len(said) <= phone.MaxLine {
		t.Fatalf("saying %q: %v", said, err)
	}
}

// ask makes one whole call: it says question after the greeting and
// returns the reply. It checks only the greeting; the caller checks
// the reply.
func ask(t testing.TB, addr, question string, patience time.Duration) string {
	t.Helper()
	c := dial(t, addr, patience)
	defer c.Close()
	hearGreeting(t, c)
	send(t, c, question)
	reply, _ := hearReply(t, c)
	return reply
}
