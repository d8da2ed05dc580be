package phone

import "bytes"

// Greeting is the operator's first line: writing it is picking up.
const Greeting = "operator: who would you like to reach?\n"

// MaxLine is the longest question, in bytes, the newline included.
// A name of 255 bytes fits; a name of 256 bytes is too long.
const MaxLine = 256

// ParseQuestion says what the bytes a caller has sent so far amount to.
//
// While the line is still coming it returns ok == false and a nil error:
// read more. Once the newline is in, it returns the name, trimmed of
// surrounding white space (strings.TrimSpace, which also drops the "\r"
// of a "\r\n"), and ok == true. A line that can never be a question gives
// ErrTooLong or ErrEmpty. Bytes after the first newline are ignored: one
// question per call.
//
// It is a pure function of its input, so a blocking operator can call it
// after each read and an event loop after each readiness event.
func ParseQuestion(sofar []byte) (name string, ok bool, err error) {
	b, ok, err := QuestionIn(sofar)
	return string(b), ok, err
}

// QuestionIn is ParseQuestion for a server that counts its allocations:
// the name it returns is a slice of sofar itself, not a copy, and is
// good only as long as sofar's bytes are.
func QuestionIn(sofar []byte) (name []byte, ok bool, err error) {
	end := bytes.IndexByte(sofar, '\n')
	if end < 0 {
		if len(sofar) >= MaxLine {
			return nil, false, ErrTooLong
		}
		return nil, false, nil
	}
	if end+1 > MaxLine {
		return nil, false, ErrTooLong
	}
	name = bytes.TrimSpace(sofar[:end])
	if len(name) == 0 {
		return nil, false, ErrEmpty
	}
	return name, true, nil
}
