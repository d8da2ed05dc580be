package phonetest

import "testing"

// A check is one claim about an operator, tested on a server of its own.
type check struct {
	claim string
	run   func(t *testing.T, bin string, o Options)
}

// checks are the suite, in the order a reader meets the ideas: the
// protocol, callers who misbehave, then the server's limits.
var checks = []check{
	{"answers the test vectors and hangs up", answersTheTestVectors},
	{"trims white space and CRLF", trimsWhiteSpace},
	{"draws the line at 256 bytes", drawsTheLineAt256Bytes},
	{"calls an empty question empty", callsAnEmptyQuestionEmpty},
	{"survives binary junk", survivesBinaryJunk},
	{"hears a question sent in pieces", hearsAQuestionInPieces},
	{"takes -lookup to look a number up", takesTheLookup},
	{"keeps nothing of callers who hang up", keepsNothingOfHangUps},
	{"answers a caller who half-closed", answersAHalfClosedCaller},
	{"hangs up on a silent caller after idle", hangsUpOnSilence},
	{"hangs up on half a name after idle", hangsUpOnHalfAName},
	{"answers everyone on hold after SIGTERM", answersEveryoneOnHold},
	{"does not spin when out of fds", doesNotSpinOutOfFDs},
}

// Run checks the operator built from o.Dir against the phone line
// protocol and the program contract, one subtest per claim. The
// subtests run in parallel, each with its own server process, so a
// whole chapter is checked in a few seconds and one bug fails one
// claim. Within a server, calls are made one after another: chapter 01
// answers one call at a time, and the suite asks nothing more of it.
func Run(t *testing.T, o Options) {
	t.Helper()
	o = o.withDefaults()
	bin := Build(t, o.Dir)
	for _, c := range checks {
		t.Run(c.claim, func(t *testing.T) {
			t.Parallel()
			c.run(t, bin, o)
		})
	}
}
