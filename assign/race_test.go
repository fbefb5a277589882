//go:build race

package assign_test

// raceEnabled is true when the tests run under the race detector, which
// makes the million-item tests too slow; they then use fewer items.
const raceEnabled = true
