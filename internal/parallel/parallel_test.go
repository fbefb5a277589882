package parallel_test

import (
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/keyaccount/keyaccount/internal/parallel"
	"pgregory.net/rapid"
)

func TestChunks(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for _, tt := range []struct{ n, min, want int }{
		{0, 10, 1}, {19, 10, 1}, {20, 10, 2}, {39, 10, 3}, {40, 10, 4}, {1000, 10, 4},
		{5, 0, 4}, {1, 0, 1}, {-3, 10, 1},
	} {
		if got := parallel.Chunks(tt.n, tt.min); got != tt.want {
			t.Errorf("Chunks(%d, %d) = %d, want %d", tt.n, tt.min, got, tt.want)
		}
	}
	runtime.GOMAXPROCS(2)
	if got := parallel.Chunks(1000, 10); got != 2 {
		t.Errorf("Chunks with GOMAXPROCS 2 = %d, want 2", got)
	}
	runtime.GOMAXPROCS(1)
	if got := parallel.Chunks(1000, 10); got != 1 {
		t.Errorf("Chunks with GOMAXPROCS 1 = %d, want 1", got)
	}
}

// For covers [0, n) exactly once, in k consecutive, ordered, nearly equal chunks.
func TestForCovers(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 500).Draw(t, "n")
		k := rapid.IntRange(-1, 9).Draw(t, "k")
		hits := make([]atomic.Int32, n)
		kk := max(k, 1)
		bounds := make([][2]int, kk)
		var calls atomic.Int32
		parallel.For(k, n, func(c, lo, hi int) {
			calls.Add(1)
			bounds[c] = [2]int{lo, hi}
			for i := lo; i < hi; i++ {
				hits[i].Add(1)
			}
		})
		if int(calls.Load()) != kk {
			t.Fatalf("%d calls for k=%d", calls.Load(), k)
		}
		for i := range hits {
			if hits[i].Load() != 1 {
				t.Fatalf("item %d visited %d times", i, hits[i].Load())
			}
		}
		for c := range bounds {
			if c > 0 && bounds[c][0] != bounds[c-1][1] {
				t.Fatalf("chunk %d starts at %d, chunk %d ends at %d", c, bounds[c][0], c-1, bounds[c-1][1])
			}
			if size := bounds[c][1] - bounds[c][0]; size < n/kk || size > n/kk+1 {
				t.Fatalf("chunk %d has %d items of %d in %d chunks", c, size, n, kk)
			}
		}
	})
}
