// Package epoll is a third Poller for chapter 04's switchboard, on
// Linux's epoll(7): the switchboard that lights only the lines that
// ring.
//
// select and poll are handed every line on every wait, and the kernel
// looks at each one. epoll keeps the list of lines in the kernel,
// told once, with epoll_ctl(2), when a line's interest changes; the
// kernel notes a line as ready when its socket wakes, so epoll_wait(2)
// only copies out the lines that are ready. A wait costs what is
// ready, not what is watched.
//
// The loop is chapter 04's, unchanged:
//
//	p, err := epoll.New(epoll.Level)
//	...
//	sb, err := switchboard.New(line, switchboard.Options{
//		Lookup: time.Second, Idle: 10 * time.Second, Poller: p})
package epoll
