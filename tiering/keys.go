package tiering

import (
	"iter"
	"math"

	"github.com/keyaccount/keyaccount/internal/rank"
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

// keyRuns yields the runs of equal keys in sorted keys.
func keyRuns(keys []uint64) iter.Seq2[int, int] {
	return rank.Runs(len(keys), func(i int) uint64 { return keys[i] })
}
