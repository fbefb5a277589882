package rank

import "iter"

// Runs yields the start and end (exclusive) of each run of equal keys in a
// sorted list of n keys, where key(i) is the i-th: the groups of ties after
// a sort, or of repeated IDs. It yields nothing for n ≤ 0.
func Runs[K comparable](n int, key func(int) K) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		for i := 0; i < n; {
			e := i + 1
			for e < n && key(e) == key(i) {
				e++
			}
			if !yield(i, e) {
				return
			}
			i = e
		}
	}
}
