package records_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/06-callbacks/reactor"
	"github.com/holdtheline/holdtheline/06-callbacks/reactor/reactortest"
	"github.com/holdtheline/holdtheline/06-callbacks/records"
)

// room opens a records room with delay on r, closed when the test ends.
func room(t *testing.T, r *reactor.Reactor, delay time.Duration) string {
	t.Helper()
	fd, addr := reactortest.Listening(t)
	reactortest.On(t, r, func() {
		rm, err := records.Open(r, fd, delay, 10*time.Second, nil)
		require.NoError(t, err)
		t.Cleanup(func() { reactortest.On(t, r, func() { rm.Close(func() {}) }) })
	})
	return addr
}

type answer struct {
	number string
	err    error
}

// lookUp asks lookup for name on r's loop and collects every callback.
func lookUp(t *testing.T, r *reactor.Reactor, lookup records.Lookup,
	name string) chan answer {
	t.Helper()
	got := make(chan answer, 4)
	reactortest.On(t, r, func() {
		lookup(name, func(number string, err error) {
			got <- answer{number, err}
		})
	})
	return got
}

// first waits for the first answer.
func first(t *testing.T, got chan answer) answer {
	t.Helper()
	select {
	case a := <-got:
		return a
	case <-time.After(10 * time.Second):
		t.Fatal("no answer within 10 s")
	}
	return answer{}
}

// cutPort splits "127.0.0.1:1234".
func cutPort(addr string) (string, int, error) {
	i := len(addr) - 1
	for i >= 0 && addr[i] != ':' {
		i--
	}
	p, err := strconv.Atoi(addr[i+1:])
	return addr[:i], p, err
}

// needsGiveUp skips t under -tags exercise06: the lookup's failures go
// through the learner's giveUp, which Exercise 2 checks.
func needsGiveUp(t *testing.T) {
	t.Helper()
	if exercising {
		t.Skip("exercise06: the records-room call gives up through the " +
			"learner's giveUp; TestExercise2 checks it")
	}
}
