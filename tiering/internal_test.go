package tiering

import (
	"cmp"
	"math"
	"math/big"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/keyaccount/keyaccount/internal/rank"
)

func finiteFloat(t *rapid.T, label string) float64 {
	switch rapid.IntRange(0, 3).Draw(t, label+" kind") {
	case 0:
		return float64(rapid.IntRange(-1000, 1000).Draw(t, label))
	case 1:
		return math.Float64frombits(rapid.Uint64Range(0, math.MaxUint64>>1).Draw(t, label)) * float64(1-2*rapid.IntRange(0, 1).Draw(t, label+" sign"))
	default:
		return rapid.Float64Range(-1e6, 1e6).Draw(t, label)
	}
}

func TestExactSum(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 50).Draw(t, "n")
		xs := make([]float64, n)
		want := new(big.Float).SetPrec(4000)
		for i := range xs {
			x := finiteFloat(t, "x")
			if math.IsNaN(x) || math.IsInf(x, 0) {
				x = 0
			}
			xs[i] = x
			want.Add(want, new(big.Float).SetFloat64(x))
		}
		var s exactSum
		for _, x := range xs {
			s.add(x)
		}
		w, _ := want.Float64()
		if got := s.float64(); got != w {
			t.Fatalf("sum = %v, want %v", got, w)
		}
		// Split in two halves, added in reverse and merged: the same sum.
		var a, b exactSum
		k := rapid.IntRange(0, n).Draw(t, "split")
		for i := k - 1; i >= 0; i-- {
			a.add(xs[i])
		}
		for _, x := range xs[k:] {
			b.add(x)
		}
		a.merge(&b)
		if got := a.float64(); got != w {
			t.Fatalf("merged sum = %v, want %v", got, w)
		}
	})
}

func TestExactSumCancels(t *testing.T) {
	var s exactSum
	for _, x := range []float64{1e300, 1, -1e300, 1e-300, math.SmallestNonzeroFloat64} {
		s.add(x)
	}
	if got, want := s.float64(), 1.0; got != want {
		t.Errorf("sum = %v, want %v (a float sum would lose the 1)", got, want)
	}
	if got := s.quo(2); got != 0.5 {
		t.Errorf("quo(2) = %v", got)
	}
}

// Float keys sorted by rank.SortPairs come out in numeric order, ties in
// index order, as the percentile ranks and medians need.
func TestFloatKeysSortNumerically(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.SampledFrom([]int{0, 1, 10, 600, 3000}).Draw(t, "n")
		spread := rapid.SampledFrom([]int{2, 100, 1 << 30}).Draw(t, "spread")
		type pair struct {
			x   float64
			idx int32
		}
		want := make([]pair, n)
		keys, idx := make([]uint64, n), make([]int32, n)
		for i := range n {
			x := float64(rapid.IntRange(-spread, spread).Draw(t, "x")) / 7
			want[i] = pair{x + 0, int32(i)}
			keys[i], idx[i] = floatKey(x+0), int32(i)
		}
		slices.SortFunc(want, func(a, b pair) int {
			if c := cmp.Compare(a.x, b.x); c != 0 {
				return c
			}
			return cmp.Compare(a.idx, b.idx)
		})
		rank.SortPairs(keys, idx, make([]uint64, n), make([]int32, n))
		for i, w := range want {
			if got := (pair{keyFloat(keys[i]), idx[i]}); got != w {
				t.Fatalf("position %d: got %v, want %v", i, got, w)
			}
		}
	})
}

func TestFloatKey(t *testing.T) {
	xs := []float64{math.Inf(-1), -1e300, -1, -math.SmallestNonzeroFloat64, 0, math.SmallestNonzeroFloat64, 1, 1e300, math.Inf(1)}
	for i := 1; i < len(xs); i++ {
		if floatKey(xs[i-1]) >= floatKey(xs[i]) {
			t.Errorf("key of %v is not below key of %v", xs[i-1], xs[i])
		}
		if keyFloat(floatKey(xs[i])) != xs[i] {
			t.Errorf("keyFloat(floatKey(%v)) = %v", xs[i], keyFloat(floatKey(xs[i])))
		}
	}
}

func TestApportionLargestRemainder(t *testing.T) {
	w := []float64{1, 1, 1}
	norm := []float64{1, 1, 1}
	how := []Handling{HandlingPresent, HandlingPresent, HandlingPresent}
	points := make([]Points, 3)
	total, coverage := apportion(w, norm, how, points)
	// Each third is 3333.33 hundredths: the total is 10000 and the
	// first measure takes the spare hundredth.
	if total != MaxPoints || coverage != 1 || !slices.Equal(points, []Points{3334, 3333, 3333}) {
		t.Errorf("apportion = %s, %v, %v", total, coverage, points)
	}
}
