// Package phone is the phone line every operator in this repository speaks.
//
// A caller connects and the phone rings. The operator picks up by writing
// the Greeting. The caller says one name on one line. The operator looks
// the number up in the directory and answers with one line, or gives one
// error line, and hangs up. One question per call.
//
// The package knows nothing about sockets or threads: each chapter moves
// the bytes its own way and asks this package what they mean.
package phone
