package pollertest

import (
	"sync"
	"testing"

	"github.com/holdtheline/holdtheline/04-select/switchboard"
)

// answered remembers, by exercise tag, whether a switchboard answered
// its call: a chapter's claims ask once a process, not once a claim.
var answered struct {
	sync.Mutex
	by map[string]func() error
}

// NeedsAnswer skips t until a switchboard on the Poller newPoller
// makes answers one call, in this process (AnswersACall). The claims
// of chapter NN run a binary built with the test's own tags, so under
// -tags exerciseNN they run the learner's code; until it answers a
// plain call every claim would fail for the same reason, and say
// nothing the exercise tests do not. So the claims wait, and the skip
// says how to finish: the exercise tests, under tag. With the
// solutions the call is answered and t runs.
//
// The answer is asked for once per tag in a process, and kept.
func NeedsAnswer(t testing.TB, tag string,
	newPoller func() (switchboard.Poller, error)) {
	t.Helper()
	answered.Lock()
	if answered.by == nil {
		answered.by = map[string]func() error{}
	}
	ask, ok := answered.by[tag]
	if !ok {
		ask = sync.OnceValue(func() error {
			p, err := newPoller()
			if err != nil {
				return err
			}
			return AnswersACall(p)
		})
		answered.by[tag] = ask
	}
	answered.Unlock()
	if err := ask(); err != nil {
		t.Skipf("not checked: the switchboard does not answer a call "+
			"yet (%v). Finish the exercises first: "+
			"go test -race -tags %s -run Exercise ./...", err, tag)
	}
}
