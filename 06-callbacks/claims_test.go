package main

import (
	"testing"
	"time"

	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// The claims the README makes about the operator on callbacks, each
// checked against the real binary, run as its own process.

// needsExercises skips t under -tags exercise06: every call's lookup
// dials (Exercise 1) and may give up (Exercise 2), so until both are
// done every claim would fail for their sake.
func needsExercises(t testing.TB) {
	t.Helper()
	if exercising {
		t.Skip("exercise06: the operator's calls stand on the exercises; " +
			"the TestExercise tests check them")
	}
}

// The protocol and the program contract hold with the records room on
// the operator's loop, and with one in a process of its own. The
// external room takes 500 ms a lookup, so the suite's lookup check,
// which gives the operator -lookup 500ms, finds the time it asked for.
func TestConformance(t *testing.T) {
	needsExercises(t)
	t.Run("records room in-process", func(t *testing.T) {
		phonetest.Run(t, phonetest.Options{Dir: "."})
	})
	t.Run("records room external", func(t *testing.T) {
		const delay = 500 * time.Millisecond
		room := phonetest.StartHere(t, "-serve", "records",
			"-lookup", delay.String(), "-idle", "30s")
		phonetest.Run(t, phonetest.Options{Dir: ".", Lookup: delay,
			Args: []string{"-records", room.Addr}})
	})
}
