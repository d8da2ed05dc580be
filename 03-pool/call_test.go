package main

import (
	"bufio"
	"errors"
	"io"
	"net"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

// A call is one caller the tests drive step by step: dial, wait to
// hear the greeting, ask, read the reply. Every read has a deadline.
type call struct {
	conn net.Conn
	r    *bufio.Reader
}

// dialAndWait connects; the phone now rings until the server speaks.
func dialAndWait(t *testing.T, addr string) *call {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return &call{conn: c, r: bufio.NewReader(c)}
}

// line reads one line, waiting at most wait.
func (c *call) line(wait time.Duration) (string, error) {
	c.conn.SetReadDeadline(time.Now().Add(wait))
	return c.r.ReadString('\n')
}

// hear says whether the greeting came within wait. A line that is not
// the greeting fails the test; silence is false.
func (c *call) hear(t *testing.T, wait time.Duration) bool {
	t.Helper()
	line, err := c.line(wait)
	if errors.Is(err, os.ErrDeadlineExceeded) && line == "" {
		c.r.Reset(c.conn) // nothing was read: start afresh
		return false
	}
	require.NoError(t, err)
	require.Equal(t, phone.Greeting, line)
	return true
}

func (c *call) ask(t *testing.T, name string) {
	t.Helper()
	_, err := io.WriteString(c.conn, name+"\n")
	require.NoError(t, err)
}

func (c *call) reply(t *testing.T) string {
	t.Helper()
	line, err := c.line(10 * time.Second)
	require.NoError(t, err)
	return line
}
