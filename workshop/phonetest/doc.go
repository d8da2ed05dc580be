// Package phonetest is the conformance suite every chapter's operator
// must pass: the phone line protocol and the program contract, checked
// against the real binary, run as its own process, over real sockets.
//
// A chapter calls it from one test:
//
//	func TestConformance(t *testing.T) {
//		phonetest.Run(t, phonetest.Options{Dir: "."})
//	}
//
// Each check starts its own server, so one broken behaviour shows up
// as one failing subtest, named for the claim it makes. The helpers the
// suite is built from (Build, Start, and the /proc readings on Server)
// are exported, so a chapter's own claims can use them too.
package phonetest
