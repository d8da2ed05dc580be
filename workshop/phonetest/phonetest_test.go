package phonetest_test

import (
	"testing"

	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// operator is the reference operator's package, built by the tests.
const operator = "testdata/operator"

func TestTheReferenceOperatorPassesTheSuite(t *testing.T) {
	phonetest.Run(t, phonetest.Options{Dir: operator})
}
