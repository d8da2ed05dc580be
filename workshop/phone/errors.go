package phone

import "strings"

// An Error is a reason the operator gives before hanging up.
// Its line on the wire is "error: " + reason + "\n".
type Error string

// The reasons an operator gives.
const (
	// ErrTooLong: no newline within MaxLine bytes.
	ErrTooLong Error = "question too long"
	// ErrEmpty: the line held nothing but white space.
	ErrEmpty Error = "empty question"
	// ErrTooSlow: the question did not arrive within the idle timeout
	// of pick-up.
	ErrTooSlow Error = "too slow"
	// ErrBusy: the operator is at capacity and picks up only to say so.
	ErrBusy Error = "busy"
	// ErrLookupFailed: the records room was down, too slow or hung up.
	ErrLookupFailed Error = "lookup failed"
)

// Error returns the line without its newline, as a caller would print it.
func (e Error) Error() string { return "error: " + string(e) }

// Line returns the line the operator writes, newline included.
func (e Error) Line() string { return "error: " + string(e) + "\n" }

// AppendLine appends the line the operator writes to dst, as Line makes
// it, and returns the extended slice: the line in bytes a server holds.
func (e Error) AppendLine(dst []byte) []byte {
	dst = append(dst, "error: "...)
	dst = append(dst, e...)
	return append(dst, '\n')
}

// A Reply is the line an operator gave after the question: an answer
// (Name and Number set) or an error line (Err set).
type Reply struct {
	Name   string
	Number string
	Err    Error
}

// ParseReply reads an operator's reply line, with or without its
// newline. A line that is neither an answer nor an error line gives
// ok == false.
func ParseReply(line string) (r Reply, ok bool) {
	line = strings.TrimSuffix(line, "\n")
	if reason, found := strings.CutPrefix(line, "error: "); found {
		return Reply{Err: Error(reason)}, true
	}
	i := strings.LastIndex(line, ": 555-")
	if i < 0 || len(line)-i != len(": 555-0000") {
		return Reply{}, false
	}
	return Reply{Name: line[:i], Number: line[i+2:]}, true
}
