package phone

import (
	"fmt"
	"hash/fnv"
)

// Number returns the directory's number for name: "555-" and four digits,
// the FNV-1a 32-bit hash of the name's bytes modulo 10000. Every chapter
// gets the same answer for the same name, so any caller can check it.
func Number(name string) string {
	h := fnv.New32a()
	h.Write([]byte(name)) // a hash.Hash never returns an error
	return fmt.Sprintf("555-%04d", h.Sum32()%10000)
}

// Answer returns the operator's answer line for name, newline included.
func Answer(name string) string {
	return name + ": " + Number(name) + "\n"
}
