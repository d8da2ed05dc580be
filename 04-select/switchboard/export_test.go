package switchboard

// For the tests outside the package (package switchboard_test), which
// may import what imports switchboard.

// NeedsExercises is needsExercises.
var NeedsExercises = needsExercises
