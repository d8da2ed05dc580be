package switchboard

// byFd holds a T for each fd, in pages of pageSize, so that it grows
// without copying. A slice grown by append as fds climb to 10,000
// copies itself a dozen times, and leaves each old copy to the garbage
// collector, whose freed pages stay in the process's RSS for a while:
// a switchboard that holds many calls would seem to cost more a call
// than it does. A page is made when its first fd is, and never moves:
// a pointer to a place stays good.
type byFd[T any] struct {
	pages []*[pageSize]T
}

const pageSize = 1024

// at is fd's place, made if it was not there. fd must not be negative.
func (t *byFd[T]) at(fd int) *T {
	for fd/pageSize >= len(t.pages) {
		t.pages = append(t.pages, nil)
	}
	p := t.pages[fd/pageSize]
	if p == nil {
		p = new([pageSize]T)
		t.pages[fd/pageSize] = p
	}
	return &p[fd%pageSize]
}

// get is what fd holds: the zero T if it was never made.
func (t *byFd[T]) get(fd int) T {
	if fd < 0 || fd/pageSize >= len(t.pages) || t.pages[fd/pageSize] == nil {
		var zero T
		return zero
	}
	return t.pages[fd/pageSize][fd%pageSize]
}

// each calls f with every place made, in the order of fds.
func (t *byFd[T]) each(f func(v *T)) {
	for _, p := range t.pages {
		if p == nil {
			continue
		}
		for j := range p {
			f(&p[j])
		}
	}
}
