package phone

import "strings"

// Number returns the directory's number for name: "555-" and four digits,
// the FNV-1a 32-bit hash of the name's bytes modulo 10000. Every chapter
// gets the same answer for the same name, so any caller can check it.
func Number(name string) string {
	return string(appendNumber(make([]byte, 0, len("555-0000")), []byte(name)))
}

// Answer returns the operator's answer line for name, newline included.
func Answer(name string) string {
	return name + ": " + Number(name) + "\n"
}

// IsNumber says whether s is a number as the directory writes them:
// "555-" and four digits. A records room's reply is checked with it.
func IsNumber(s string) bool {
	digits, ok := strings.CutPrefix(s, "555-")
	if !ok || len(digits) != 4 {
		return false
	}
	for _, d := range digits {
		if d < '0' || d > '9' {
			return false
		}
	}
	return true
}

// AppendAnswer appends the answer line for name to dst, as Answer makes
// it, and returns the extended slice. A server that formats the answer
// into bytes it already holds allocates nothing for it.
func AppendAnswer(dst, name []byte) []byte {
	dst = append(dst, name...)
	dst = append(dst, ": "...)
	dst = appendNumber(dst, name)
	return append(dst, '\n')
}

// appendNumber appends name's number. FNV-1a is written out here rather
// than taken from hash/fnv, whose hash.Hash goes to the heap: it is four
// lines, and the numbers are checked against the design's test vectors.
func appendNumber(dst, name []byte) []byte {
	const offset, prime = 2166136261, 16777619
	h := uint32(offset)
	for _, b := range name {
		h = (h ^ uint32(b)) * prime
	}
	n := h % 10000
	return append(dst, '5', '5', '5', '-', byte('0'+n/1000),
		byte('0'+n/100%10), byte('0'+n/10%10), byte('0'+n%10))
}
