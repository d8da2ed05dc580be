// Package literate keeps the code in a README true to the source.
//
// A chapter's README quotes its Go code, and quoted code drifts: the
// source is fixed, the README is not. So every Go excerpt names the file
// it was copied from, in a comment just above it,
//
//	<!-- from operator.go -->
//	```go
//	func (op *operator) answer(fd int) {
//	```
//
// and a test in the chapter checks that the excerpt is still, byte for
// byte, a piece of that file:
//
//	func TestTheREADMEQuotesTheSource(t *testing.T) {
//		literate.Check(t, "README.md")
//	}
//
// Numbers drift the same way. A chapter that quotes its own
// measurements commits them as a CSV of rounds, and its test reads them
// with ReadRounds, computes each median and spread the prose quotes,
// and looks for it in the README. The workshop path, the part of a
// README read in the workshop, is measured by ReadPath and CheckPath.
package literate
