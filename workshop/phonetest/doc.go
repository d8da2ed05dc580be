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
//
// So are the helpers the chapters' claims share, each written once
// here rather than once a chapter: callers who ring and say nothing
// (RingSilently), who ask and hold on (HoldOn) or make one call (Ask);
// a server's open files and their flags (Server.Files) and the CPU it
// uses over a while (Server.CPUOver); a trace under strace -f
// (StartTracedHere), its split calls joined (JoinResumed) and counted
// by thread (Threads, Steps); and the event-driven chapters' claims
// "one thread holds N callers at once" (HoldAtOnce) and "out of fds,
// it rests" (StarveOfFDs), which measure and leave each chapter its
// own numbers to assert.
package phonetest
