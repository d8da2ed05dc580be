// Package caller is the other end of the phone line: one caller who
// dials an operator and asks for a number, and a fleet of callers who
// do it together, so a chapter's server can be loaded and measured.
//
// A call passes four instants, and the time between them is what the
// chapters compare:
//
//	Dialed -> Connected   connect: the kernel completes the connection
//	                      (a SYN dropped by a full backlog is sent
//	                      again a second later, inside connect)
//	Connected -> PickedUp ringing: nobody has spoken yet
//	PickedUp -> Answered  on hold: the operator looks the number up
//
// The caller uses Go's net package. How the client moves its bytes is
// not what any chapter teaches; it only has to be right and never be
// the bottleneck.
package caller
