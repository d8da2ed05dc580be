package phonetest

import (
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTheServerIsBuiltWithTheTestsTags(t *testing.T) {
	info := &debug.BuildInfo{Settings: []debug.BuildSetting{
		{Key: "-race", Value: "true"},
		{Key: "-tags", Value: "exercise03"},
	}}
	assert.Equal(t, "exercise03", tagsOf(info, true))
	assert.Empty(t, tagsOf(&debug.BuildInfo{}, true), "no tags")
	assert.Empty(t, tagsOf(nil, false), "no build information")
}
