// Wrong: posts done on the loop, but forgets the clerk's number: the
// caller hears an empty one.
// Replaces: handback.go
// Fails: TestExercise1HandBackRunsDoneOnTheLoopsThreadOnce

//go:build !exercise08

package main

func handBack(j job, number string) {
	j.loop.Post(func() { j.done("", nil) })
}
