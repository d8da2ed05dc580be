// Wrong: posts the number twice (once to be sure): the call hears its
// number twice, and would answer, or resume, a second time.
// Replaces: handback.go
// Fails: TestExercise1HandBackRunsDoneOnTheLoopsThreadOnce

//go:build !exercise08

package main

func handBack(j job, number string) {
	j.loop.Post(func() { j.done(number, nil) })
	j.loop.Post(func() { j.done(number, nil) })
}
