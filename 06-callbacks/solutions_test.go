//go:build !exercise06

package main

const exercising = false
