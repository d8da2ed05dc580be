package switchboard

import (
	"runtime"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// README: "a call is 136 bytes of state", and what else a held call
// takes on the switchboard, on a 64-bit machine: its two funcs, 16
// bytes each (each holds the call alone); its watcher in the loop's
// table, 16; and its timer's place in the heap, 8. 192 bytes in all;
// chapter 5 measures the RSS they come to.
func TestAHeldCallIs192BytesOfWhichTheCall136(t *testing.T) {
	require.Equal(t, uintptr(8), unsafe.Sizeof(uintptr(0)),
		"the README counts for a 64-bit machine")
	assert.Equal(t, uintptr(136), unsafe.Sizeof(call{}), "the call")
	assert.Equal(t, uintptr(16), unsafe.Sizeof(watcher{}), "its watcher")
	assert.Equal(t, uintptr(8), unsafe.Sizeof(&Timer{}), "its place in the heap")

	const calls = 2048
	var table byFd[call]
	for fd := range calls {
		table.at(fd) // the pages first: the funcs alone are counted
	}
	sb := &Switchboard{}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for fd := range calls {
		table.at(fd).init(sb)
	}
	runtime.ReadMemStats(&after)
	funcs := float64(after.TotalAlloc-before.TotalAlloc) / calls
	assert.InDelta(t, 32, funcs, 1, "its two funcs, bytes")
}
