// Package coro is a scheduler of coroutines on chapter 04's Loop: code
// that reads like blocking code, run by one event loop on one thread.
//
// A coroutine (a Co) runs until it would block: a read with nothing to
// read, a write into a full buffer, an accept with nobody ringing, a
// sleep, a lookup. There it parks, and hands the loop's thread back to
// the loop. The loop resumes it when its fd is ready, its timer fires,
// or whoever it waits for calls back. Exactly one coroutine runs at a
// time, always on the loop's thread: the greenlet model.
//
// The switch is Go's own: iter.Pull. Resuming a coroutine is a direct
// hand-off from one goroutine to another on the same OS thread, with no
// trip through the Go scheduler and no other thread woken. Go checks
// that a coroutine made on one thread is resumed on the same thread in
// the same locked state (golang/go#65889, #67499): so every coroutine
// is made on the loop's thread, through the Loop's Post.
//
// The rules, each pinned by a test:
//   - Go, from any goroutine, posts; the coroutine is made and first
//     run on the loop's thread.
//   - A coroutine is resumed only by the loop, between handlers: never
//     from another goroutine, never from inside a coroutine.
//   - A parked coroutine is resumed once per park; a wake for a park
//     that is over is ignored.
package coro
