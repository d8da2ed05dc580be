package pollertest

import (
	"os"
	"strconv"
)

// FreeBelow says how many fds below limit the process has not opened:
// how many lines a board can add and still stay under limit (select's
// wall at 1024). It counts what is really open, not what a test
// expects: a process may inherit fds (a terminal multiplexer, an IDE),
// and each one takes a number a board would have used.
func FreeBelow(limit int) int {
	open, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return 0
	}
	free := limit
	for _, e := range open {
		// ReadDir's own fd is listed too, and is closed again: it
		// frees its number, so it is counted as open, a margin of one.
		if fd, err := strconv.Atoi(e.Name()); err == nil && fd < limit {
			free--
		}
	}
	return max(free, 0)
}
