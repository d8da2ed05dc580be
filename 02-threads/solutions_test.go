//go:build !exercise02

package main

// exercising says the chapter is built with your exercises' files
// (-tags exercise02) instead of the solutions.
const exercising = false
