package switchboard

import (
	"bytes"
	"io"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

// A caller who says the question and 64 KiB more, unread when the
// operator hangs up, still reads the whole answer and then the end of
// the line: a FIN, not a reset. Closed with bytes unread, a socket
// sends a reset, and on a real network a reset can destroy an answer
// still in flight; the operator hears the caller out first.
func TestACallerWhoSaysMoreStillReadsTheAnswerAndAnEnd(t *testing.T) {
	needsExercises(t)
	for _, name := range Backends {
		t.Run(name, func(t *testing.T) {
			p, err := NewPoller(name)
			require.NoError(t, err)
			_, addr, _ := serving(t, 50*time.Millisecond, p)
			c, err := net.DialTimeout("tcp", addr, 5*time.Second)
			require.NoError(t, err)
			defer c.Close()
			c.SetDeadline(time.Now().Add(10 * time.Second))
			said := append([]byte("alice\n"), bytes.Repeat(
				[]byte("and another thing "), 64<<10/18)...)
			_, err = c.Write(said)
			require.NoError(t, err)
			heard, err := io.ReadAll(c)
			assert.NoError(t, err, "the line ended in a reset")
			assert.Equal(t, phone.Greeting+phone.Answer("alice"),
				string(heard))
		})
	}
}
