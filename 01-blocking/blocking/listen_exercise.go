//go:build exercise01

package blocking

import "errors"

// Exercise 1: install the phone.
//
// Listen must return a blocking TCP socket bound to addr (an IP literal
// and a port, as contract.Sockaddr reads it), listening with room for
// backlog callers to ring, and the "host:port" it is bound to:
//   - the port asked for, or for port 0 the one the kernel picked
//     (getsockname(2));
//   - SO_REUSEADDR set before bind, so that an operator restarted at
//     once can bind the port while the last calls linger in TIME_WAIT;
//   - backlog passed to listen(2) as given: it is how many callers the
//     kernel keeps ringing before it drops their calls.
//
// Use unix.Socket, unix.SetsockoptInt, unix.Bind, unix.Listen and
// unix.Getsockname; close the socket on every error.
// contract.Sockaddr(addr) gives the unix.Sockaddr to bind and its
// domain (unix.AF_INET or AF_INET6); contract.SockaddrString turns
// what getsockname returns back into "host:port".
//
// Check: go test -race -tags exercise01 -run Exercise1 ./blocking
func Listen(addr string, backlog int) (int, string, error) {
	return -1, "", errors.New("exercise 1: Listen is not written yet")
}
