//go:build !exercise06

package records_test

const exercising = false
