package tiering

import (
	"iter"
	"math"
)

// floatKey maps x to a key whose unsigned order is x's numeric order
// (x is never NaN, and -0 has been turned into 0).
func floatKey(x float64) uint64 {
	b := math.Float64bits(x)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

// keyFloat inverts floatKey.
func keyFloat(k uint64) float64 {
	if k>>63 != 0 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}

// runs yields the start and end (exclusive) of each run of equal keys in a
// sorted list of n keys, where key(i) is the i-th: the groups of ties
// after a sort, or of repeated IDs.
func runs[K comparable](n int, key func(int) K) iter.Seq2[int, int] {
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

// keyRuns yields the runs of equal keys in sorted keys.
func keyRuns(keys []uint64) iter.Seq2[int, int] {
	return runs(len(keys), func(i int) uint64 { return keys[i] })
}
