package main

import (
	"testing"

	"github.com/holdtheline/holdtheline/workshop/literate"
)

// Every Go excerpt in README.md is a region of the file it names, 01's
// Answer beside ours included.
func TestREADMEExcerptsAreTheSource(t *testing.T) {
	literate.Check(t, "README.md")
}

// The workshop path, from the top of README.md to "After the
// workshop", reads in at most 20 minutes at the pace literate.Path
// measures: a 45-minute slot keeps 25 for the exercises.
func TestTheWorkshopPathReadsInTwentyMinutes(t *testing.T) {
	literate.CheckPath(t, "README.md")
}
