package blocking

import (
	"errors"
	"time"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/workshop/phone"
)

// Answer takes one whole call on fd, start to finish, on the calling
// thread: pick up, hear the question, look the number up, answer, hang
// up. The caller has idle from pick-up to ask; the lookup takes lookup.
func Answer(fd int, lookup, idle time.Duration) {
	defer unix.Close(fd)
	pickedUp := time.Now()
	// A caller who stops reading cannot keep the operator waiting in
	// write(2) longer than the idle timeout either.
	tv := unix.NsecToTimeval(idle.Nanoseconds())
	unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_SNDTIMEO, &tv)

	if WriteAll(fd, []byte(phone.Greeting)) != nil {
		return // hung up while it rang
	}
	name, err := ReadQuestion(fd, pickedUp.Add(idle))
	var refusal phone.Error
	switch {
	case errors.As(err, &refusal):
		WriteAll(fd, []byte(refusal.Line()))
		return
	case err != nil:
		return // hung up before asking: nothing to say
	}
	Hold(lookup)
	WriteAll(fd, []byte(phone.Answer(name)))
}

// Refuse picks up only to say why not, and hangs up: the busy signal.
// It never waits on the caller for more than a second.
func Refuse(fd int, why phone.Error) {
	defer unix.Close(fd)
	tv := unix.Timeval{Sec: 1}
	unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_SNDTIMEO, &tv)
	WriteAll(fd, []byte(why.Line()))
}

// Hold puts the caller on hold for d. The thread sleeps in nanosleep(2)
// and can do nothing else: that is the blocking model.
func Hold(d time.Duration) {
	want := unix.NsecToTimespec(d.Nanoseconds())
	var left unix.Timespec
	// Go's runtime signals its threads (to preempt goroutines), which
	// cuts the sleep short with EINTR; sleep on for what is left.
	for unix.Nanosleep(&want, &left) == unix.EINTR {
		want = left
	}
}
