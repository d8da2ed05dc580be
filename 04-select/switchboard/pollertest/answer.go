package pollertest

import (
	"context"
	"time"

	"github.com/holdtheline/holdtheline/01-blocking/blocking"
	"github.com/holdtheline/holdtheline/04-select/switchboard"
	"github.com/holdtheline/holdtheline/workshop/caller"
)

// AnswersACall starts a switchboard on p in this process, makes one
// call to it and says why it was not answered, or nil if it was: the
// loop's own error if it stopped, else the caller's. The switchboard
// closes p when it stops.
//
// A chapter's claims are built with the test's tags, so under
// -tags exerciseNN they run the learner's code. Until it answers a
// plain call, every claim would fail for the same reason, and say
// nothing the exercise tests do not: so the claims ask AnswersACall
// first, and skip while it says no.
func AnswersACall(p switchboard.Poller) error {
	line, addr, err := blocking.Listen("127.0.0.1:0", 8)
	if err != nil {
		return err
	}
	sb, err := switchboard.New(line, switchboard.Options{
		Lookup: time.Millisecond, Idle: time.Second, Poller: p})
	if err != nil {
		return err
	}
	served := make(chan error, 1)
	go func() { served <- sb.Serve() }()
	defer sb.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := caller.Dial(ctx, addr, "alice").Err; err != nil {
		select {
		case err := <-served: // the loop stopped: say why
			if err != nil {
				return err
			}
		default:
		}
		return err
	}
	return nil
}
