package caller

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

// maxLine bounds what a caller reads for one line. The longest line an
// operator may send is an answer for a 255-byte name (266 bytes); a
// line longer than this is not the protocol, and reading on would let
// a broken server make the caller hold any amount of memory.
const maxLine = 2 * phone.MaxLine

// Dial makes one whole call to the operator at addr and asks for name:
// connect, read the greeting, say the name, read one reply line, check
// it against the directory, and wait for the operator to hang up. The
// name should be one line; the answer is checked for the name trimmed
// of white space, as the operator trims it. ctx bounds the whole call.
//
// Dial returns no error of its own: what went wrong is the Call's Err,
// beside the instants the call did reach.
func Dial(ctx context.Context, addr, name string) Call {
	return dial(ctx, addr, name, func() {})
}

// dial is Dial with a hook called at pick-up, when the ringing ends.
// The fleet uses it to free a ringing slot as early as it may.
func dial(ctx context.Context, addr, name string, pickedUp func()) Call {
	c := Call{Name: name, Dialed: time.Now()}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		c.Err = failed(ctx, StageDial, err)
		return c
	}
	c.Connected = time.Now()
	defer conn.Close()

	// Reads and writes take no context. A deadline in the past wakes
	// them when ctx is done, so ctx bounds every step of the call.
	stop := context.AfterFunc(ctx, func() {
		conn.SetDeadline(time.Unix(1, 0))
	})
	defer stop()

	c.Err = c.talk(ctx, conn, pickedUp)
	return c
}

// talk holds the conversation after connect and records the instants.
func (c *Call) talk(ctx context.Context, conn net.Conn,
	pickedUp func()) error {
	r := bufio.NewReaderSize(conn, maxLine)

	greeting, err := readLine(r)
	if err != nil {
		return failed(ctx, StageGreeting, err)
	}
	if greeting+"\n" != phone.Greeting {
		// A busy operator picks up only to say so.
		reply, ok := phone.ParseReply(greeting)
		if !ok || reply.Err == "" {
			return &StageError{StageGreeting,
				fmt.Errorf("%w: %q", ErrNotAGreeting, greeting)}
		}
		c.PickedUp, c.Reply = time.Now(), greeting
		pickedUp()
		return &StageError{StageGreeting, reply.Err}
	}
	c.PickedUp = time.Now()
	pickedUp()

	if _, err := io.WriteString(conn, c.Name+"\n"); err != nil {
		return failed(ctx, StageAsk, err)
	}

	line, err := readLine(r)
	if err != nil {
		return failed(ctx, StageReply, err)
	}
	c.Answered, c.Reply = time.Now(), line
	if err := check(c.Name, line); err != nil {
		return &StageError{StageReply, err}
	}

	// One question per call: the operator must now hang up.
	if _, err := r.ReadByte(); err != io.EOF {
		if err == nil {
			err = ErrKeptTalking
		}
		return failed(ctx, StageHangUp, err)
	}
	return nil
}

// check says whether line is the directory's answer for name, an error
// line (a phone.Error), or neither.
func check(name, line string) error {
	reply, ok := phone.ParseReply(line)
	if !ok {
		return fmt.Errorf("%w: %q", ErrNotAReply, line)
	}
	if reply.Err != "" {
		return reply.Err
	}
	want := phone.Answer(strings.TrimSpace(name))
	if line+"\n" != want {
		return fmt.Errorf("%w: got %q, want %q", ErrWrongNumber,
			line, strings.TrimSuffix(want, "\n"))
	}
	return nil
}

// readLine reads one of the operator's lines and returns it without
// its "\n". A line must end: hanging up mid-line, or sending maxLine
// bytes with no newline, is not the protocol.
func readLine(r *bufio.Reader) (string, error) {
	b, err := r.ReadSlice('\n')
	switch {
	case err == nil:
		return string(b[:len(b)-1]), nil
	case errors.Is(err, bufio.ErrBufferFull):
		return "", fmt.Errorf("%w: no newline in %d bytes",
			ErrLineTooLong, len(b))
	case err == io.EOF && len(b) == 0:
		return "", fmt.Errorf("%w: %w", ErrHungUpEarly, io.EOF)
	case err == io.EOF:
		return "", fmt.Errorf("%w mid-line after %q: %w",
			ErrHungUpEarly, b, io.ErrUnexpectedEOF)
	}
	return "", err
}

// failed names the stage err broke in. Once ctx is done, a net error
// is only the deadline dial set to stop the call, so ctx's reason is
// put first: it is why.
func failed(ctx context.Context, stage Stage, err error) error {
	if ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		err = fmt.Errorf("%w: %w", context.Cause(ctx), err)
	}
	return &StageError{stage, err}
}
