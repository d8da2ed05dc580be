//go:build exercise08

package main

const exercisesTodo = true
