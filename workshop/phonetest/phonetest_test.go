package phonetest_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// operator is the reference operator's package, built by the tests.
const operator = "testdata/operator"

func TestTheReferenceOperatorPassesTheSuite(t *testing.T) {
	phonetest.Run(t, phonetest.Options{Dir: operator})
}

// bugEnv names the bug TestABuggyOperator runs the suite against. It is
// set only when TestTheSuiteCatchesABuggyOperator runs this test binary
// again as a child.
const bugEnv = "PHONETEST_BUG"

// TestABuggyOperator runs the suite against an operator broken on
// purpose. It is expected to fail, so it runs only as a child of
// TestTheSuiteCatchesABuggyOperator, which checks that it did.
func TestABuggyOperator(t *testing.T) {
	bug := os.Getenv(bugEnv)
	if bug == "" {
		t.Skip("runs only as a child of TestTheSuiteCatchesABuggyOperator")
	}
	phonetest.Run(t, phonetest.Options{
		Dir:  operator,
		Args: []string{"-bug", bug},
	})
}

func TestTheSuiteCatchesABuggyOperator(t *testing.T) {
	bugs := []struct {
		bug    string // the operator's -bug
		claim  string // the subtest that should fail
		expect string // and what its failure should say
	}{
		{"wrong-number", "answers_the_test_vectors_and_hangs_up",
			`"alice: 555-7479\n"`},
		{"leak", "keeps_nothing_of_callers_who_hang_up",
			"a call that is over should be closed"},
		{"spin", "does_not_spin_when_out_of_fds",
			"is it retrying accept in a loop?"},
	}
	for _, b := range bugs {
		t.Run(b.bug, func(t *testing.T) {
			t.Parallel()
			child := exec.Command(os.Args[0],
				"-test.run=^TestABuggyOperator$/^"+b.claim+"$",
				"-test.count=1", "-test.timeout=2m")
			child.Env = append(os.Environ(), bugEnv+"="+b.bug)
			out, err := child.CombinedOutput()
			report := string(out)

			assert.Error(t, err, "the suite passed an operator "+
				"with -bug %s:\n%s", b.bug, report)
			assert.Contains(t, report, "--- FAIL: TestABuggyOperator/"+
				b.claim)
			assert.Contains(t, report, b.expect)
			// Only the one claim ran, and it failed for its own reason.
			assert.Equal(t, 1, strings.Count(report, "--- FAIL: "+
				"TestABuggyOperator/"), report)
		})
	}
}
