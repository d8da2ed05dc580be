package epoll

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// README: "edge-triggered, a read that does not drain stalls". A
// caller asks "Grace Hopper\n" in one go; the operator reads 4 bytes
// each time the line is reported ready. Level-triggered, the line is
// reported again while bytes are left, and the question is heard.
// Edge-triggered, it was reported once, when the bytes arrived: the
// 9 bytes left are never reported, and the call stalls. A reader that
// reads until EAGAIN hears the whole question either way.
func TestAnEdgeTriggeredReadThatDoesNotDrainStalls(t *testing.T) {
	needsExercises(t)
	const question = "Grace Hopper\n"
	readers := map[string]func(fd int, heard []byte) []byte{
		"reads once": func(fd int, heard []byte) []byte {
			return readSome(fd, heard)
		},
		"drains to EAGAIN": func(fd int, heard []byte) []byte {
			for {
				more := readSome(fd, heard)
				if len(more) == len(heard) {
					return heard
				}
				heard = more
			}
		},
	}
	want := map[string]string{
		"level/reads once":       question,
		"level/drains to EAGAIN": question,
		"edge/reads once":        "Grac", // then nothing: a stall
		"edge/drains to EAGAIN":  question,
	}
	for _, trigger := range []Trigger{Level, Edge} {
		for name, read := range readers {
			key := trigger.String() + "/" + name
			t.Run(key, func(t *testing.T) {
				e := newEpoll(t, trigger)
				op, caller := phonetest.SocketPair(t, unix.SOCK_NONBLOCK)
				require.NoError(t, e.Watch(op, readable))
				say(t, caller, question)
				var heard []byte
				for len(heard) < len(question) {
					// A second with nothing reported is a stall.
					events, err := e.Wait(time.Second, nil)
					require.NoError(t, err)
					if len(events) == 0 {
						break
					}
					heard = read(op, heard)
				}
				assert.Equal(t, want[key], string(heard))
			})
		}
	}
}

// readSome reads at most 4 bytes of fd onto heard: a small buffer,
// so a question takes several reads.
func readSome(fd int, heard []byte) []byte {
	var buf [4]byte
	n, err := unix.Read(fd, buf[:])
	if err != nil || n <= 0 {
		return heard
	}
	return append(heard, buf[:n]...)
}
