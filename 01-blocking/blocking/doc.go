// Package blocking is one phone call on a blocking socket: install the
// phone, pick up, hear the question, look the number up, answer, hang
// up. Every step blocks the calling OS thread until it is done.
//
// Chapter 01 runs these on one thread, one call at a time. Chapters 02
// and 03 run the same calls on more threads; what they teach is how the
// threads are arranged, so they use this package rather than a copy.
package blocking
