package caller

import "strconv"

// names are the first callers of a fleet: people a reader may know,
// one name with a space in it, as the protocol allows.
var names = []string{
	"alice", "bob", "carol", "dave", "erin", "frank",
	"Grace Hopper", "heidi", "ivan", "judy", "mallory", "oscar",
}

// defaultName is caller i's name when the fleet is given none. After
// the list come numbered callers, so no two callers ask the same name
// and no operator can answer from a cache of one.
func defaultName(i int) string {
	if i < len(names) {
		return names[i]
	}
	return "caller-" + strconv.Itoa(i)
}
