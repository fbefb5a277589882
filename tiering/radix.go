package tiering

import (
	"cmp"
	"iter"
	"math"
	"slices"
)

// A keyed pairs a sort key with the index of the account it belongs to.
type keyed struct {
	key uint64
	idx int32
}

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

// sortKeyed sorts a by key, then index, and returns the sorted slice, which
// is a or buf (len(buf) must be len(a)). It is an LSD radix sort in six
// passes of 11 bits, skipping passes in which every key has the same digit;
// indices stay in their input order within equal keys, so a caller that
// lists indices in ascending order gets them ordered by index too.
func sortKeyed(a, buf []keyed) []keyed {
	if len(a) < 512 {
		slices.SortFunc(a, func(x, y keyed) int {
			if c := cmp.Compare(x.key, y.key); c != 0 {
				return c
			}
			return cmp.Compare(x.idx, y.idx)
		})
		return a
	}
	const bits, passes = 11, 6
	var counts [passes][1 << bits]int
	for _, e := range a {
		k := e.key
		for p := range passes {
			counts[p][k>>(p*bits)&(1<<bits-1)]++
		}
	}
	src, dst := a, buf
	for p := range passes {
		c := &counts[p]
		if c[src[0].key>>(p*bits)&(1<<bits-1)] == len(src) {
			continue
		}
		sum := 0
		for d, n := range c {
			c[d] = sum
			sum += n
		}
		for _, e := range src {
			d := e.key >> (p * bits) & (1<<bits - 1)
			dst[c[d]] = e
			c[d]++
		}
		src, dst = dst, src
	}
	return src
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

// keyRuns yields the runs of equal keys in sorted keyed values.
func keyRuns(a []keyed) iter.Seq2[int, int] {
	return runs(len(a), func(i int) uint64 { return a[i].key })
}
