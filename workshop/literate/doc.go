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
package literate
