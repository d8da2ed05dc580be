package caller

import "errors"

// A Stage is a step of a call, named in errors so that a failure says
// where it happened.
type Stage string

// The stages of a call, in order.
const (
	StageDial     Stage = "dial"     // connecting
	StageGreeting Stage = "greeting" // waiting for pick-up
	StageAsk      Stage = "ask"      // saying the name
	StageReply    Stage = "reply"    // on hold for the answer
	StageHangUp   Stage = "hang-up"  // waiting for the operator to hang up
)

// A StageError is why a call went wrong and at which stage. Unwrap it
// (errors.Is, errors.As) to reach the cause: a net error, a context
// error, a phone.Error the operator gave, or one of the errors below.
type StageError struct {
	Stage Stage
	Err   error
}

func (e *StageError) Error() string {
	return string(e.Stage) + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *StageError) Unwrap() error { return e.Err }

// What an operator can say that the protocol does not allow.
var (
	// ErrNotAGreeting: the first line was neither the greeting nor an
	// error line.
	ErrNotAGreeting = errors.New("not the operator's greeting")
	// ErrNotAReply: the line after the question was neither an answer
	// nor an error line.
	ErrNotAReply = errors.New("not an answer or an error line")
	// ErrWrongNumber: an answer, but not the directory's: for another
	// name, or with another number.
	ErrWrongNumber = errors.New("wrong number")
	// ErrLineTooLong: a line did not end within the longest line an
	// operator could need to send.
	ErrLineTooLong = errors.New("line too long")
	// ErrHungUpEarly: the operator hung up before its line was done.
	ErrHungUpEarly = errors.New("operator hung up")
	// ErrKeptTalking: after the answer the operator sent more instead
	// of hanging up.
	ErrKeptTalking = errors.New("operator kept talking after the answer")
)
