//go:build exercise

package phonetest

// buildTags are the tags this test binary was built with, so the server
// it builds is the same flavour: the learner's stubs here.
const buildTags = "exercise"
