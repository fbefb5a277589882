// Package rank holds the ranking primitives that the analysis packages share:
// the ordinal bin formula, a radix sort of packed 64-bit keys, and the
// byte-wise order of many short strings.
//
// # Ordinal bins
//
// [Bin] places the item at 0-based position i of a total order of n items
// into one of k bins: floor(i·k/n)+1. Bin sizes then differ by at most one,
// and the larger bins are spread evenly over the range (they are not all at
// the start, as SQL NTILE puts them). [BinStart] is the inverse: the first
// position of a bin.
//
// # Sorting
//
// [Sort] and [SortPairs] are stable least-significant-digit radix sorts of
// uint64 keys. They skip every byte position in which all keys agree, so a
// key that packs a small value above a row index costs only as many passes
// as it has varying bytes. Short inputs, where counting would cost more
// than it saves, are sorted by comparison instead. [Strings] orders
// strings byte-wise (as [strings.Compare] does) by radix-sorting 8-byte
// chunks, recursing only into runs of equal chunks. [Runs] yields the runs
// of equal keys in a sorted list: the groups of ties, or of repeated IDs.
//
// The package is internal: its API serves segmentation, tiering and assign
// and may change with them.
package rank

import (
	"encoding/binary"
	"slices"
)

// Bin returns the ordinal bin, 1..k, of the item at 0-based position i of n
// items: floor(i·k/n)+1. It requires 0 ≤ i < n and k ≥ 1; the arithmetic is
// exact for n·k < 2^63.
func Bin(i, n, k int) int {
	return int(int64(i)*int64(k)/int64(n)) + 1
}

// BinStart returns the first 0-based position whose [Bin] is b, for
// 1 ≤ b ≤ k+1 (BinStart(k+1, n, k) is n): ceil((b−1)·n/k).
func BinStart(b, n, k int) int {
	num := int64(b-1) * int64(n)
	return int((num + int64(k) - 1) / int64(k))
}

// Sort sorts keys in ascending order. buf must have the same length as keys;
// it is used as scratch space. Sort allocates nothing.
func Sort(keys, buf []uint64) {
	if len(buf) != len(keys) {
		panic("rank: Sort: buf and keys differ in length")
	}
	if len(keys) < 64 {
		slices.Sort(keys)
		return
	}
	counts := histograms(keys)
	src, dst := keys, buf
	for b := range 8 {
		c := &counts[b]
		if !startOffsets(c, byte(keys[0]>>(8*b)), len(keys)) {
			continue // every key has the same byte here
		}
		shift := uint(8 * b)
		for _, k := range src {
			d := byte(k >> shift)
			dst[c[d]] = k
			c[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
}

// histograms counts, for each byte position of the keys, how many keys
// have each byte value there.
func histograms(keys []uint64) *[8][256]int {
	var counts [8][256]int
	for _, k := range keys {
		for b := range 8 {
			counts[b][byte(k>>(8*b))]++
		}
	}
	return &counts
}

// startOffsets turns the counts of one byte position into the first output
// index of each byte value. It returns false, leaving c alone, if all n
// keys have the byte value some, so that the pass can be skipped.
func startOffsets(c *[256]int, some byte, n int) bool {
	if c[some] == n {
		return false
	}
	sum := 0
	for d := range 256 {
		m := c[d]
		c[d] = sum
		sum += m
	}
	return true
}

// SortPairs sorts keys in ascending order and applies the same permutation
// to vals; equal keys keep their relative order (the sort is stable).
// keyBuf and valBuf are scratch space of the same length as keys.
func SortPairs(keys []uint64, vals []int32, keyBuf []uint64, valBuf []int32) {
	n := len(keys)
	if len(vals) != n || len(keyBuf) != n || len(valBuf) != n {
		panic("rank: SortPairs: slices differ in length")
	}
	if n < smallPairs {
		insertionSortPairs(keys, vals)
		return
	}
	radixSortPairs(keys, vals, keyBuf, valBuf)
}

// radixSortPairs is [SortPairs] for a non-empty input.
func radixSortPairs(keys []uint64, vals []int32, keyBuf []uint64, valBuf []int32) {
	n := len(keys)
	counts := histograms(keys)
	sk, sv, dk, dv := keys, vals, keyBuf, valBuf
	for b := range 8 {
		c := &counts[b]
		if !startOffsets(c, byte(keys[0]>>(8*b)), n) {
			continue
		}
		shift := uint(8 * b)
		for i, k := range sk {
			d := byte(k >> shift)
			p := c[d]
			dk[p] = k
			dv[p] = sv[i]
			c[d] = p + 1
		}
		sk, sv, dk, dv = dk, dv, sk, sv
	}
	if &sk[0] != &keys[0] {
		copy(keys, sk)
		copy(vals, sv)
	}
}

// smallPairs is the length below which [SortPairs] sorts by insertion: a
// radix sort's fixed cost (eight histograms of 256 counts) outweighs its
// passes on so few pairs. BenchmarkSortPairsSmall puts the break-even near
// 190 random pairs; 128 leaves room for less lucky orders.
const smallPairs = 128

// insertionSortPairs sorts keys in ascending order, stably, applying the
// same permutation to vals.
func insertionSortPairs(keys []uint64, vals []int32) {
	for i := 1; i < len(keys); i++ {
		k, v := keys[i], vals[i]
		j := i
		for ; j > 0 && keys[j-1] > k; j-- {
			keys[j], vals[j] = keys[j-1], vals[j-1]
		}
		keys[j], vals[j] = k, v
	}
}

// Strings returns the indices 0..n−1 ordered so that key(order[0]) ≤
// key(order[1]) ≤ ... byte-wise, ties (equal strings) in ascending index
// order. key(i) must return the same bytes on every call.
func Strings(n int, key func(i int) []byte) []int32 {
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	if n < 2 {
		return order
	}
	keys := make([]uint64, n)
	keyBuf := make([]uint64, n)
	valBuf := make([]int32, n)
	sortStrings(order, 0, key, keys, keyBuf, valBuf)
	return order
}

// chunk returns the 8 bytes of s from depth on, big-endian, zero-padded.
func chunk(s []byte, depth int) uint64 {
	if depth >= len(s) {
		return 0
	}
	s = s[depth:]
	if len(s) >= 8 {
		return binary.BigEndian.Uint64(s)
	}
	var b [8]byte
	copy(b[:], s)
	return binary.BigEndian.Uint64(b[:])
}

// sortStrings sorts order (whose strings agree on their first depth bytes)
// by the bytes from depth on.
func sortStrings(order []int32, depth int, key func(int) []byte, keys, keyBuf []uint64, valBuf []int32) {
	n := len(order)
	if n < 2 {
		return
	}
	if n <= 32 {
		slices.SortStableFunc(order, func(a, b int32) int {
			return compareFrom(key(int(a)), key(int(b)), depth)
		})
		return
	}
	keys = keys[:n]
	for i, o := range order {
		keys[i] = chunk(key(int(o)), depth)
	}
	SortPairs(keys, order, keyBuf[:n], valBuf[:n])
	// Runs of equal chunks: order them by the rest of the string.
	for lo := 0; lo < n; {
		hi := lo + 1
		for hi < n && keys[hi] == keys[lo] {
			hi++
		}
		if hi-lo > 1 {
			run := order[lo:hi]
			longer := false
			for _, o := range run {
				if len(key(int(o))) > depth+8 {
					longer = true
					break
				}
			}
			if longer {
				// Some strings go on: recurse into the next chunk. The
				// chunk values of the run are no longer needed.
				sortStrings(run, depth+8, key, keys[lo:hi], keyBuf, valBuf)
			} else {
				// All end within this chunk and agree on it up to zero
				// padding: the shorter string sorts first.
				slices.SortStableFunc(run, func(a, b int32) int {
					return len(key(int(a))) - len(key(int(b)))
				})
			}
		}
		lo = hi
	}
}

// compareFrom compares a and b byte-wise, both known to agree on their
// first depth bytes.
func compareFrom(a, b []byte, depth int) int {
	return slices.Compare(a[min(depth, len(a)):], b[min(depth, len(b)):])
}
