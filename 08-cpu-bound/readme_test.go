package main

import (
	"testing"

	"github.com/holdtheline/holdtheline/workshop/literate"
)

// Every Go excerpt in README.md is a region of the file it names.
func TestREADMEExcerptsAreTheSource(t *testing.T) {
	literate.Check(t, "README.md")
}
