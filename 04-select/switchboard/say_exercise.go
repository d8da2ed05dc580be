//go:build exercise04

package switchboard

// Exercise 3: say it all, however slowly the caller listens.
//
// say must write c.out to the non-blocking socket c.fd (unix.Write),
// as much as the line takes now, and return what the call waits for:
//   - a write may take only part of c.out: keep the rest in c.out
//     and write again;
//   - EAGAIN: the line is full; keep what is left in c.out and return
//     forWrite, so the loop waits until the line is writable;
//   - EINTR: write again;
//   - any other error (EPIPE, ECONNRESET): the caller is gone: hungUp;
//   - all said: set c.out to nil; after the greeting (c.step is
//     pickingUp) move to hearing and return forRead; after the
//     answer, return hungUp.
//
// Check: go test -race -tags exercise04 -run Exercise3 ./switchboard
func (c *call) say() waitFor {
	return hungUp
}
