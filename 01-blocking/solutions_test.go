//go:build !exercise01

package main

import "testing"

// needsTheExercises is a no-op with the solutions in place: see
// exercise01_test.go for what it does under -tags exercise01.
func needsTheExercises(*testing.T) {}
