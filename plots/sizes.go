package main

import "time"

// sizes are how hard each experiment loads the models: full for the
// committed figures, quick for a smoke test.
type sizes struct {
	// rounds is how many times each point is measured, the models
	// taking turns round by round; a figure draws the median and the
	// spread, and a README quotes the median.
	rounds int

	answerLookup time.Duration
	answerN      []int

	holdN []int

	timelineLookup time.Duration
	timelineN      int

	// Slow callers: a slow caller says one byte every slowEvery and
	// never finishes; slowNormal callers ask at once and are on time
	// if answered within slowPatience of dialling.
	slowS                                         []int
	slowNormal                                    int
	slowLookup, slowIdle, slowEvery, slowPatience time.Duration

	capacityFDs   uint64        // the server's open-file limit
	capacityRate  float64       // callers dialled per second
	capacitySlack time.Duration // the lookup is the ramp and this

	shortCalls int

	benchtime string // -benchtime for the wait benchmarks
}

// fullSizes are chosen so that three rounds of everything fit in
// 15 minutes on 2 cores.
var fullSizes = sizes{
	rounds: 3,

	answerLookup: time.Second,
	answerN:      []int{1, 8, 100, 1000, 10000},

	holdN: []int{10, 1000, 5000, 10000},

	timelineLookup: time.Second,
	timelineN:      12,

	slowS:        []int{0, 1, 10, 50},
	slowNormal:   10,
	slowLookup:   50 * time.Millisecond,
	slowIdle:     2 * time.Second,
	slowEvery:    250 * time.Millisecond,
	slowPatience: time.Second, // half the idle timeout

	// 10,000 and not the machine's 20,000: three rounds must fit the
	// run's time, and the lookup must outlast a ramp that a loaded
	// machine slows down.
	capacityFDs:   10000,
	capacityRate:  3000,
	capacitySlack: time.Second,

	shortCalls: 5000,

	benchtime: "300ms",
}

var quickSizes = sizes{
	rounds: 1,

	answerLookup: 200 * time.Millisecond,
	answerN:      []int{1, 4, 10, 100, 300},

	// One size: each point costs a server start and a settle (1.3 s),
	// and eight models must fit the minute.
	holdN: []int{300},

	timelineLookup: 200 * time.Millisecond,
	timelineN:      12,

	slowS:        []int{0, 10},
	slowNormal:   10,
	slowLookup:   50 * time.Millisecond,
	slowIdle:     time.Second,
	slowEvery:    100 * time.Millisecond,
	slowPatience: 500 * time.Millisecond,

	capacityFDs:   300,
	capacityRate:  2000,
	capacitySlack: 300 * time.Millisecond,

	shortCalls: 500,

	benchtime: "100x",
}
