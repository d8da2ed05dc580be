package phonetest

import (
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

// expectReply makes one call and checks the whole reply.
func expectReply(t *testing.T, s *Server, o Options, question, want string) {
	t.Helper()
	got := ask(t, s.Addr, question, o.patience())
	assert.Equal(t, want, got, "the caller said %q", question)
}

// stillServes checks the server survived what came before: it is
// running, and answers a plain call.
func stillServes(t *testing.T, s *Server, o Options, after string) {
	t.Helper()
	require.True(t, s.Running(), "the server exited after %s", after)
	got := ask(t, s.Addr, "bob\n", o.patience())
	assert.Equal(t, phone.Answer("bob"), got,
		"a plain call after %s", after)
}

// answersTheTestVectors: the numbers are the design's, byte for byte,
// and after the answer the operator closes the line.
func answersTheTestVectors(t *testing.T, bin string, o Options) {
	s := o.start(t, bin)
	vectors := []struct{ said, want string }{
		{"alice\n", "alice: 555-7479\n"},
		{"bob\n", "bob: 555-4244\n"},
		{"Grace Hopper\n", "Grace Hopper: 555-5803\n"},
	}
	for _, v := range vectors {
		c := dial(t, s.Addr, o.patience())
		hearGreeting(t, c)
		send(t, c, v.said)
		got, how := hearReply(t, c)
		assert.Equal(t, v.want, got, "the caller said %q", v.said)
		assert.Equal(t, closed, how,
			"after the answer the operator hangs up: the caller "+
				"should read EOF")
		c.Close()
	}
}

// trimsWhiteSpace: a "\r" before the newline and white space around
// the name are dropped (strings.TrimSpace); space inside is the name's.
func trimsWhiteSpace(t *testing.T, bin string, o Options) {
	s := o.start(t, bin)
	cases := []struct{ said, name string }{
		{"alice\r\n", "alice"},
		{"  \t alice \t\r\n", "alice"},
		{" Grace  Hopper \n", "Grace  Hopper"},
		{"\u00a0bob\u2003\n", "bob"}, // Unicode spaces are spaces too
	}
	for _, c := range cases {
		expectReply(t, s, o, c.said, phone.Answer(c.name))
	}
}

// drawsTheLineAt256Bytes: 255 bytes and a newline is a question; one
// byte more is too long, and so is a long line with no newline at all,
// which must be refused as soon as it is too long, not at the idle
// timeout.
func drawsTheLineAt256Bytes(t *testing.T, bin string, o Options) {
	o.Idle = max(o.Idle, 5*time.Second)
	s := o.start(t, bin)
	name255 := strings.Repeat("0123456789abcdef", 16)[:255]
	expectReply(t, s, o, name255+"\n", phone.Answer(name255))
	expectReply(t, s, o, name255+"x\n", phone.ErrTooLong.Line())

	start := time.Now()
	expectReply(t, s, o, strings.Repeat("y", 300), phone.ErrTooLong.Line())
	waited := time.Since(start)
	assert.Less(t, waited, o.Idle/2,
		"300 bytes without a newline can never be a question: say so "+
			"at once (waited %v; the idle timeout is %v)", waited, o.Idle)
}

// callsAnEmptyQuestionEmpty: a line of nothing but white space.
func callsAnEmptyQuestionEmpty(t *testing.T, bin string, o Options) {
	s := o.start(t, bin)
	for _, said := range []string{"\n", "  \r\n", " \t \n"} {
		expectReply(t, s, o, said, phone.ErrEmpty.Line())
	}
}

// survivesBinaryJunk: any bytes but white space and the newline are
// part of a name, and no input brings the server down.
func survivesBinaryJunk(t *testing.T, bin string, o Options) {
	s := o.start(t, bin)
	junk := "\x00\x01\xfe\xff junk\n"
	expectReply(t, s, o, junk, phone.Answer(strings.TrimSpace(junk)))
	stillServes(t, s, o, "a question of binary junk")

	noise := randomBytesWithoutNewline(1000)
	expectReply(t, s, o, noise, phone.ErrTooLong.Line())
	stillServes(t, s, o, "1000 random bytes")
}

// randomBytesWithoutNewline returns n random bytes, the same ones on
// every run, so a failure can be reproduced.
func randomBytesWithoutNewline(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.UintN(256))
		if b[i] == '\n' {
			b[i] = '.'
		}
	}
	return string(b)
}

// hearsAQuestionInPieces: TCP is a stream, not messages. A question
// may arrive a few bytes at a time, and the "\r\n" split in two.
func hearsAQuestionInPieces(t *testing.T, bin string, o Options) {
	s := o.start(t, bin)
	c := dial(t, s.Addr, o.patience())
	hearGreeting(t, c)
	pieces := []string{"Gr", "ace H", "opper\r", "\n"}
	for _, p := range pieces {
		// A server that took the first piece for the whole question
		// has answered and hung up: a write then fails, and what it
		// said tells more than the failed write.
		if _, err := io.WriteString(c, p); err != nil {
			t.Logf("saying %q: %v", p, err)
			break
		}
		time.Sleep(50 * time.Millisecond) // a separate segment each
	}
	got, _ := hearReply(t, c)
	assert.Equal(t, phone.Answer("Grace Hopper"), got,
		"the caller said %q, one piece at a time", pieces)
}
