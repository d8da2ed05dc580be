package blocking

import "errors"

// ErrHungUp is a caller who hung up before finishing the question.
// (Declared here, not beside ReadQuestion, so that the exercise's stub
// and its solution both use this one.)
var ErrHungUp = errors.New("caller hung up")
