package blocking

import "golang.org/x/sys/unix"

// WriteAll writes all of p to a blocking socket. write(2) may write less
// than asked, or be cut short by a signal; keep going until it is all
// out, the caller is gone (EPIPE, ECONNRESET) or SO_SNDTIMEO runs out.
//
// A write to a caller who hung up raises SIGPIPE; Go's runtime ignores
// it for sockets, so the write just fails with EPIPE.
func WriteAll(fd int, p []byte) error {
	for len(p) > 0 {
		n, err := unix.Write(fd, p)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		p = p[n:]
	}
	return nil
}
