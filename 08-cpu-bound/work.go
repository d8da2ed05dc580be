package main

import (
	"crypto/sha256"
	"fmt"
	"time"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

// pageSize is one page of the phone book: what one hash reads.
const pageSize = 4 << 10

// A Book is the phone book the operator reads through to find a number
// that is not in her head: page after page, each page hashed with the
// last page's sum, so no page can be skipped and the compiler cannot
// drop the work. It is real work, the same on every call, and it takes
// a core the whole time: no sleep, no spin on the clock.
type Book struct {
	Pages int                 // pages read a lookup: -work, calibrated
	cheap map[string]struct{} // the names she knows by heart
}

// NewBook makes a book whose lookups read pages pages, and who knows
// the cheap names without reading.
func NewBook(pages int, cheap []string) *Book {
	b := &Book{Pages: pages, cheap: map[string]struct{}{}}
	for _, name := range cheap {
		b.cheap[name] = struct{}{}
	}
	return b
}

// Look finds name's number: at once if it is a cheap name, else by
// reading b.Pages pages. It runs on whichever thread calls it, and
// holds that thread until it is done.
func (b *Book) Look(name string) string {
	if _, ok := b.cheap[name]; ok {
		return phone.Number(name)
	}
	read(name, b.Pages)
	return phone.Number(name)
}

// Cheap says whether name needs no reading.
func (b *Book) Cheap(name string) bool {
	_, ok := b.cheap[name]
	return ok
}

// read hashes pages pages of the book, the first seeded with name, and
// returns the last sum.
func read(name string, pages int) [sha256.Size]byte {
	var page [pageSize]byte
	copy(page[:], name)
	sum := sha256.Sum256(page[:])
	for range pages {
		copy(page[:], sum[:])
		sum = sha256.Sum256(page[:])
	}
	return sum
}

// Calibrate says how many pages make d of work on this machine: it
// times a reading of a few hundred pages several times and keeps the
// fastest, the one the fewest other programs interrupted.
func Calibrate(d time.Duration) int {
	if d <= 0 {
		return 0
	}
	const probe = 256
	best := time.Duration(1<<63 - 1)
	for range 5 {
		start := time.Now()
		read("calibrate", probe)
		best = min(best, time.Since(start))
	}
	return max(1, int(int64(probe)*int64(d)/int64(max(best, 1))))
}

// describe is the start-up line's word on the work.
func (b *Book) describe(d time.Duration) string {
	return fmt.Sprintf("work %v = %d pages of %d KiB hashed (sha256),"+
		" %d names cheap", d, b.Pages, pageSize>>10, len(b.cheap))
}
