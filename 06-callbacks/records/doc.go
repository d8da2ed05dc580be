// Package records is the records room: the second service the
// operator calls to find a number, across the building. It holds
// three things:
//
//   - the lookup seam, Lookup: a name in, one callback out, on the loop.
//     The operators of chapters 06 to 08 ask through it and do not know
//     who answers;
//   - the records room itself, Room: a TCP service on a reactor, with a
//     one-line protocol (a name in, its number out after a delay);
//   - Call, the Lookup that asks a records room over a non-blocking
//     outgoing connection, within a budget.
//
// The records room's protocol: the caller writes a name and "\n" (the
// same rules as the phone line: at most 256 bytes, trimmed); the room
// waits its delay and writes the number, "555-7479\n" for "alice", and
// hangs up. A line that is no name gets "error: <reason>\n", as on the
// phone line.
package records
