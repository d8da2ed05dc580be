package phonetest

import "runtime/debug"

// buildTags are the -tags this test binary was built with, so the
// server it builds is the same flavour: under `go test -tags
// exercise03` a chapter's conformance tests check the learner's code,
// and with no tags, the solutions. Go records the tags in the
// binary's build information, tests included.
var buildTags = tagsOf(debug.ReadBuildInfo())

func tagsOf(info *debug.BuildInfo, ok bool) string {
	if !ok {
		return ""
	}
	for _, s := range info.Settings {
		if s.Key == "-tags" {
			return s.Value
		}
	}
	return ""
}
