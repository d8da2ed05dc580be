package phonetest

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A bug is a way to break the reference operator (its -bug flag) that
// one of the suite's checks guards against, and a piece of what that
// check's failure says about it.
type bug struct {
	flag   string
	expect string
}

// bugsCaught are, for each check, servers broken the way the check
// guards against. Every check has at least one: a check that no broken
// server can fail would check nothing.
var bugsCaught = map[string][]bug{
	"answers the test vectors and hangs up": {
		{"wrong-number", `"alice: 555-7479\n"`}},
	"trims white space and CRLF": {
		{"no-trim", `the caller said "alice\r\n"`}},
	"draws the line at 256 bytes": {
		{"off-by-one", `expected: "0123456789abcdef`}},
	"calls an empty question empty": {
		{"empty-answered", `expected: "error: empty question\n"`}},
	"survives binary junk": {
		{"dies-on-junk", `the caller said "\x00\x01\xfe\xff junk\n"`}},
	"hears a question sent in pieces": {
		{"one-read", "one piece at a time"}},
	"takes -lookup to look a number up": {
		{"lookup-none", "on hold for less than -lookup"},
		{"lookup-twice", "on hold far longer than -lookup"}},
	"keeps nothing of callers who hang up": {
		{"leak", "a call that is over should be closed"}},
	"answers a caller who half-closed": {
		{"half-close", "closed its sending side"}},
	"hangs up on a silent caller after idle": {
		{"idle-ignored", "far longer than the idle timeout"}},
	"hangs up on half a name after idle": {
		{"idle-first-byte", "did not hang up in time"}},
	"answers everyone on hold after SIGTERM": {
		{"drop-on-term", "should get its answer"}},
	"does not spin when out of fds": {
		{"spin", "is it retrying accept in a loop?"}},
}

// The reference operator's package, and what the child test is told.
const (
	referenceOperator = "testdata/operator"
	bugEnv            = "PHONETEST_BUG"
	binEnv            = "PHONETEST_BIN"
)

// TestABuggyOperator runs the suite's checks against an operator
// broken on purpose. It is expected to fail, so it runs only as a
// child of TestTheSuiteCatchesEveryBug, which picks one check with
// -test.run and reads the failure.
func TestABuggyOperator(t *testing.T) {
	bug, bin := os.Getenv(bugEnv), os.Getenv(binEnv)
	if bug == "" || bin == "" {
		t.Skip("runs only as a child of TestTheSuiteCatchesEveryBug")
	}
	o := Options{Dir: referenceOperator, Args: []string{"-bug", bug}}
	o = o.withDefaults()
	for _, c := range checks {
		t.Run(c.claim, func(t *testing.T) { c.run(t, bin, o) })
	}
}

func TestEveryCheckHasABugItCatches(t *testing.T) {
	claims := map[string]bool{}
	for _, c := range checks {
		claims[c.claim] = true
		assert.NotEmpty(t, bugsCaught[c.claim],
			"no broken server shows that %q can fail", c.claim)
	}
	for claim := range bugsCaught {
		assert.True(t, claims[claim], "%q is not a check", claim)
	}
}

func TestTheSuiteCatchesEveryBug(t *testing.T) {
	bin := Build(t, referenceOperator)
	for _, c := range checks {
		for _, b := range bugsCaught[c.claim] {
			t.Run(b.flag, func(t *testing.T) {
				t.Parallel()
				catches(t, bin, c.claim, b)
			})
		}
	}
}

// catches runs the one check claim against the operator broken with
// b, in a child test process, and asserts that it failed for b.
func catches(t *testing.T, bin, claim string, b bug) {
	// Subtest names have their spaces replaced with underscores.
	sub := strings.ReplaceAll(claim, " ", "_")
	child := exec.Command(os.Args[0],
		"-test.run=^TestABuggyOperator$/^"+regexp.QuoteMeta(sub)+"$",
		"-test.count=1", "-test.timeout=2m", "-test.v")
	child.Env = append(os.Environ(), bugEnv+"="+b.flag, binEnv+"="+bin)
	out, err := child.CombinedOutput()
	report := string(out)

	require.Error(t, err, "the check %q passed an operator with "+
		"-bug %s:\n%s", claim, b.flag, report)
	assert.Contains(t, report, "--- FAIL: TestABuggyOperator/"+sub+" ",
		"the check %q should fail", claim)
	assert.Contains(t, report, b.expect,
		"the check %q should say why it failed", claim)
	// Only the one check ran, and it did not pass.
	assert.Equal(t, 1, strings.Count(report, "=== RUN   "+
		"TestABuggyOperator/"), "one check ran:\n%s", report)
}
