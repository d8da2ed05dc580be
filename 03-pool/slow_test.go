package main

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// README: "a handful of slow callers starve everyone". Two workers,
// two callers who say their name one byte at a time, then one normal
// caller. The normal caller is not picked up until a slow caller's
// call is over: when the slow caller finishes asking and has its
// answer, or when the idle timeout hangs up on it.
func TestSlowCallersMakeANormalCallerWaitUntilOneFinishesOrTimesOut(
	t *testing.T) {
	needsTheSolutions(t)
	const workers = 2
	const lookup, idle = 100 * time.Millisecond, 1500 * time.Millisecond

	t.Run("finishes", func(t *testing.T) {
		// Each slow caller spells "alice\n" over 6 × 150 ms: done
		// well inside the idle timeout.
		const every = 150 * time.Millisecond
		srv := phonetest.StartHere(t, "-workers", fmt.Sprint(workers),
			"-lookup", lookup.String(), "-idle", idle.String())
		slow := make([]*slowCall, workers)
		for i := range slow {
			slow[i] = spell(t, srv.Addr, "alice\n", every)
		}
		normal, pickedUp := normalCall(t, srv.Addr)

		firstDone := slow[0].wait(t).lastByte
		for _, s := range slow {
			assert.Equal(t, "alice: 555-7479\n", s.wait(t).reply)
			if s.lastByte.Before(firstDone) {
				firstDone = s.lastByte
			}
		}
		// No worker is free before a slow caller has said its last
		// byte and sat through its lookup.
		assert.GreaterOrEqual(t, pickedUp.Sub(firstDone), lookup,
			"picked up %v after the first slow caller's last byte",
			pickedUp.Sub(firstDone))
		assert.Equal(t, "bob: 555-4244\n", normal)
	})

	t.Run("times out", func(t *testing.T) {
		// One byte a second, and no newline within idle: only the
		// idle timeout frees the workers.
		const every = time.Second
		srv := phonetest.StartHere(t, "-workers", fmt.Sprint(workers),
			"-lookup", lookup.String(), "-idle", idle.String())
		began := time.Now()
		slow := make([]*slowCall, workers)
		for i := range slow {
			slow[i] = spell(t, srv.Addr, strings.Repeat("x", 20)+"\n",
				every)
		}
		normal, pickedUp := normalCall(t, srv.Addr)

		for _, s := range slow {
			assert.Equal(t, "error: too slow\n", s.wait(t).reply)
		}
		// The workers' idle clocks started after began.
		waited := pickedUp.Sub(began)
		assert.GreaterOrEqual(t, waited, idle,
			"the normal caller waited for the idle timeout")
		assert.Less(t, waited, idle+3*time.Second)
		assert.Equal(t, "bob: 555-4244\n", normal)
		t.Logf("with %d slow callers on %d workers, a caller who asks "+
			"at once was picked up after %v (idle %v, lookup %v)",
			workers, workers, waited.Round(time.Millisecond), idle,
			lookup)
	})
}

// A slowCall is a caller who, once picked up, says its question one
// byte at a time, and what came of it.
type slowCall struct {
	reply    string    // the operator's reply line
	lastByte time.Time // when the last byte went out, if it did
	done     chan struct{}
}

// spell dials, waits for the pick-up, and says question one byte every
// interval until it is said or the operator replies. It returns at the
// pick-up; the call goes on in the background until wait.
func spell(t *testing.T, addr, question string,
	every time.Duration) *slowCall {
	t.Helper()
	c := dialAndWait(t, addr)
	require.True(t, c.hear(t, 5*time.Second), "a slow caller is picked up")
	s := &slowCall{done: make(chan struct{})}
	go func() {
		defer close(s.done)
		c.conn.SetDeadline(time.Now().Add(30 * time.Second))
		replied := make(chan string, 1)
		go func() {
			line, _ := c.r.ReadString('\n')
			replied <- line
		}()
		for i := range len(question) {
			// Stamped before the write: the operator's wait for
			// the rest of the question cannot end before it.
			if i == len(question)-1 {
				s.lastByte = time.Now()
			}
			io.WriteString(c.conn, question[i:i+1])
			select {
			case s.reply = <-replied:
				return
			case <-time.After(every):
			}
		}
		s.reply = <-replied
	}()
	t.Cleanup(func() { <-s.done })
	return s
}

// wait waits for the slow call to be over, at most 30 s.
func (s *slowCall) wait(t *testing.T) *slowCall {
	t.Helper()
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		t.Fatal("a slow call did not end")
	}
	return s
}

// normalCall dials, waits up to 10 s to be picked up, asks for bob at
// once and returns the reply and when the pick-up came.
func normalCall(t *testing.T, addr string) (string, time.Time) {
	t.Helper()
	c := dialAndWait(t, addr)
	require.True(t, c.hear(t, 10*time.Second), "picked up in the end")
	pickedUp := time.Now()
	c.ask(t, "bob")
	return c.reply(t), pickedUp
}
