package phonetest

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/caller"
)

// Held is what HoldAtOnce measured of one fleet against one server.
type Held struct {
	Report caller.Report

	// Took is from the fleet's start to the last answer: with every
	// caller on hold at once, about one lookup.
	Took time.Duration

	// MostOnHold is the most callers on hold at one moment, as the
	// fleet counted them.
	MostOnHold int

	// Threads is how many OS threads the server had over the whole
	// run, told apart by their ids: a thread that ended and one that
	// took its place count as two, so a server that starts a thread a
	// call cannot hide behind the runtime reusing them.
	Threads int
}

// HoldAtOnce runs fleet f against srv, every call answered (or the
// test fails), and measures how many callers srv held at once and on
// how many OS threads: the claim of the event-driven chapters, "one
// thread holds N callers at once". Each chapter asserts its own
// numbers on what it returns. f's Progress, if set, is still told.
func HoldAtOnce(t testing.TB, srv *Server, f caller.Fleet) Held {
	t.Helper()
	var h Held
	threads := map[int]bool{}
	told := f.Progress
	// The fleet calls Progress from its own goroutine, never twice at
	// once, so no lock; and where a test may not fail, so a server
	// gone just has no threads.
	f.Progress = func(p caller.Progress) {
		h.MostOnHold = max(h.MostOnHold, p.OnHold)
		for _, id := range taskIDs(srv.Pid) {
			threads[id] = true
		}
		if told != nil {
			told(p)
		}
	}
	h.Report = Callers(t, f)
	require.Equal(t, f.N, h.Report.Summary().Answered, "%+v",
		h.Report.Summary())
	h.Threads = len(threads)
	for _, c := range h.Report.Calls {
		h.Took = max(h.Took, c.Answered.Sub(h.Report.Start))
	}
	return h
}

// taskIDs returns the ids of process pid's OS threads now, from
// /proc/PID/task; none if it cannot be read.
func taskIDs(pid int) []int {
	tasks, _ := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	var ids []int
	for _, task := range tasks {
		var id int
		if _, err := fmt.Sscan(task.Name(), &id); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}
