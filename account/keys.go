package account

import (
	"cmp"
	"maps"
	"slices"
)

// sortedKeys returns the keys of m in ascending order, so that iteration over
// a map never decides the order of output.
func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	return slices.Sorted(maps.Keys(m))
}
