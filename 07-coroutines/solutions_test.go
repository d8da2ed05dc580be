//go:build !exercise07

package main

const exercising = false
