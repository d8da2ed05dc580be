package contract

import (
	"fmt"
	"net/netip"
	"strconv"

	"golang.org/x/sys/unix"
)

// Sockaddr turns a literal "host:port" into the address bind(2) takes,
// and the socket domain to create for it. Only IP literals are accepted:
// an operator that blocks on purpose must not hide a DNS lookup.
func Sockaddr(addr string) (unix.Sockaddr, int, error) {
	ap, err := netip.ParseAddrPort(addr)
	if err != nil {
		return nil, 0, fmt.Errorf("address %q: want an IP and a port: %w",
			addr, err)
	}
	ip := ap.Addr()
	if ip.Is4() || ip.Is4In6() {
		sa := &unix.SockaddrInet4{Port: int(ap.Port()), Addr: ip.Unmap().As4()}
		return sa, unix.AF_INET, nil
	}
	return &unix.SockaddrInet6{Port: int(ap.Port()), Addr: ip.As16()},
		unix.AF_INET6, nil
}

// SockaddrString formats what getsockname(2) or accept(2) returned as
// "host:port", the way the start-up line and the logs print it.
func SockaddrString(sa unix.Sockaddr) string {
	switch sa := sa.(type) {
	case *unix.SockaddrInet4:
		return netip.AddrPortFrom(netip.AddrFrom4(sa.Addr),
			uint16(sa.Port)).String()
	case *unix.SockaddrInet6:
		return netip.AddrPortFrom(netip.AddrFrom16(sa.Addr),
			uint16(sa.Port)).String()
	case *unix.SockaddrUnix:
		return sa.Name
	}
	return "unknown:" + strconv.Quote(fmt.Sprintf("%T", sa))
}
