package switchboard

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A place in a byFd never moves as the table grows, so a pointer to it
// (a call's funcs hold one) stays good; an fd never made reads as the
// zero value; each visits every place made.
func TestAByFdTableGrowsWithoutMovingAPlace(t *testing.T) {
	var table byFd[int]
	first := table.at(3)
	*first = 33
	for fd := range 5 * pageSize {
		if fd != 3 {
			*table.at(fd) = fd
		}
	}
	assert.Same(t, first, table.at(3), "the place moved")
	assert.Equal(t, 33, table.get(3))
	assert.Equal(t, 4000, table.get(4000))
	assert.Zero(t, table.get(5*pageSize+7), "an fd never made")
	assert.Zero(t, table.get(-1))

	var sparse byFd[int]
	*sparse.at(3*pageSize + 1) = 1
	assert.Len(t, sparse.pages, 4)
	assert.Equal(t, []bool{false, false, false, true},
		[]bool{sparse.pages[0] != nil, sparse.pages[1] != nil,
			sparse.pages[2] != nil, sparse.pages[3] != nil},
		"only the page an fd is on is made")
	visited := 0
	sparse.each(func(v *int) { visited += *v + 1 })
	assert.Equal(t, pageSize+1, visited, "each visits the one page made")
}
