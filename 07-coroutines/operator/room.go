package operator

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/holdtheline/holdtheline/06-callbacks/records"
	"github.com/holdtheline/holdtheline/07-coroutines/coro"
	"github.com/holdtheline/holdtheline/workshop/contract"
	"github.com/holdtheline/holdtheline/workshop/phone"
)

// AskRoom calls the records room at addr and asks for name's number,
// by deadline: chapter 06's records.Call, written straight down. Each
// failure is one of 06's (errors.Is tells which), and says where it
// happened; the caller's coroutine, whose stack holds the whole call,
// is the one waiting.
func AskRoom(co *coro.Co, addr, name string, deadline time.Time) (string,
	error) {
	sa, _, err := contract.Sockaddr(addr)
	if err != nil {
		return "", errors.Join(records.ErrDown, err)
	}
	fd, err := co.Dial(sa, deadline)
	if err != nil {
		return "", failed(addr, "dialling", err, records.ErrDown)
	}
	defer co.Close(fd)
	if err := co.Write(fd, []byte(name+"\n"), deadline); err != nil {
		return "", failed(addr, "asking", err, records.ErrHungUp)
	}
	var heard [64]byte // a number is 9 bytes
	n := 0
	for {
		line, whole := strings.CutSuffix(string(heard[:n]), "\n")
		switch {
		case whole && phone.IsNumber(line):
			return line, nil
		case whole || n == len(heard):
			return "", fmt.Errorf("%s said %q: %w", addr, heard[:n],
				records.ErrBadAnswer)
		}
		m, err := co.Read(fd, heard[n:], deadline)
		switch {
		case err != nil:
			return "", failed(addr, "listening", err, records.ErrHungUp)
		case m == 0:
			return "", fmt.Errorf("%s, after %q: %w", addr,
				heard[:n], records.ErrHungUp)
		}
		n += m
	}
}

// failed names what went wrong where, as one of 06's errors: a missed
// deadline is ErrTooSlow, whatever step it cut short.
func failed(addr, doing string, err, as error) error {
	switch {
	case errors.Is(err, coro.ErrTimeout):
		as = records.ErrTooSlow
	case errors.Is(err, coro.ErrEnded):
		return err
	}
	return fmt.Errorf("%s, %s: %w", addr, doing, errors.Join(as, err))
}
