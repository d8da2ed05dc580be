package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/workshop/caller"
	"github.com/holdtheline/holdtheline/workshop/phone"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// README: "slow callers cost the switchboard nothing". Eight callers
// spell their names a byte every 200 ms, as in chapter 3, where two of
// them kept a normal caller waiting for the idle timeout. Here, while
// they spell, five normal callers one after another are each answered
// within two lookups of dialling; and the slow callers are answered
// too, once they have finished.
func TestSlowCallersDoNotDelayANormalCaller(t *testing.T) {
	needsExercises(t)
	const slow, normal = 8, 5
	const lookup, every = 300 * time.Millisecond, 200 * time.Millisecond
	for _, poller := range switchboard.Backends {
		t.Run(poller, func(t *testing.T) {
			srv := phonetest.StartHere(t, "-poller", poller,
				"-lookup", lookup.String(), "-idle", "10s")
			var wg sync.WaitGroup
			slowReplies := make([]string, slow)
			pickedUp := make(chan struct{}, slow)
			for i := range slow {
				wg.Go(func() {
					slowReplies[i] = trickle(srv.Addr,
						fmt.Sprintf("slow caller %d", i), every, pickedUp)
				})
			}
			for range slow {
				select {
				case <-pickedUp:
				case <-time.After(10 * time.Second):
					t.Fatal("a slow caller was not picked up")
				}
			}

			for i := range normal {
				ctx, cancel := context.WithTimeout(context.Background(),
					10*time.Second)
				c := caller.Dial(ctx, srv.Addr, fmt.Sprint("normal ", i))
				cancel()
				require.NoError(t, c.Err)
				took := c.Answered.Sub(c.Dialed)
				t.Logf("%s: with %d slow callers spelling, a normal "+
					"caller was answered %v after dialling (lookup %v)",
					poller, slow, took.Round(time.Millisecond), lookup)
				assert.GreaterOrEqual(t, c.OnHold(), lookup,
					"on hold for the lookup")
				assert.Less(t, took, 2*lookup,
					"answered within two lookups of dialling")
			}
			wg.Wait()
			for i, reply := range slowReplies {
				assert.Equal(t, phone.Answer(fmt.Sprintf(
					"slow caller %d", i)), reply)
			}
		})
	}
}

// trickle makes one slow call: once picked up it says name a byte
// every interval, then returns the reply.
func trickle(addr, name string, every time.Duration,
	pickedUp chan<- struct{}) string {
	c, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return err.Error()
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	r := bufio.NewReader(c)
	if _, err := r.ReadString('\n'); err != nil {
		return err.Error()
	}
	pickedUp <- struct{}{}
	for _, b := range []byte(name + "\n") {
		time.Sleep(every)
		if _, err := c.Write([]byte{b}); err != nil {
			return err.Error()
		}
	}
	reply, _ := r.ReadString('\n')
	return reply
}

// README: "a question a byte at a time, an answer read a byte at a
// time". The caller sends each byte in its own segment, "\r\n" split
// too, and reads the greeting and the answer one byte per read(2).
func TestAQuestionAByteAtATimeAndAnAnswerReadAByteAtATime(t *testing.T) {
	needsExercises(t)
	for _, poller := range switchboard.Backends {
		t.Run(poller, func(t *testing.T) {
			srv := phonetest.StartHere(t, "-poller", poller,
				"-lookup", "50ms")
			c, err := net.DialTimeout("tcp", srv.Addr, 10*time.Second)
			require.NoError(t, err)
			defer c.Close()
			c.(*net.TCPConn).SetNoDelay(true)
			c.SetDeadline(time.Now().Add(20 * time.Second))

			heard := func() string {
				var line strings.Builder
				one := make([]byte, 1)
				for !strings.HasSuffix(line.String(), "\n") {
					if _, err := c.Read(one); err != nil {
						break
					}
					line.WriteByte(one[0])
					time.Sleep(2 * time.Millisecond)
				}
				return line.String()
			}
			assert.Equal(t, phone.Greeting, heard())
			for _, b := range []byte("Grace Hopper\r\n") {
				_, err := c.Write([]byte{b})
				require.NoError(t, err)
				time.Sleep(10 * time.Millisecond)
			}
			assert.Equal(t, phone.Answer("Grace Hopper"), heard())
		})
	}
}
