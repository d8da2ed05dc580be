package pollertest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// FreeBelow sees an inherited fd as taken: each fd opened below the
// limit is one line less a board may add.
func TestFreeBelowCountsEveryFdOpenBelowTheLimit(t *testing.T) {
	before := FreeBelow(1024)
	require.Positive(t, before)
	var opened []int
	for range 3 {
		fd, err := unix.Open("/dev/null", unix.O_RDONLY|unix.O_CLOEXEC, 0)
		require.NoError(t, err)
		opened = append(opened, fd)
	}
	assert.Equal(t, before-3, FreeBelow(1024),
		"three fds opened are three fewer free")
	for _, fd := range opened {
		unix.Close(fd)
	}
	assert.Equal(t, before, FreeBelow(1024))
	assert.Equal(t, 0, FreeBelow(0), "nothing is free below fd 0")
}
