package parallel

import (
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// squares returns fn for Ordered: the squares of lo..hi-1, counting the
// calls in calls.
func squares(calls *atomic.Int64) func(lo, hi int) []int {
	return func(lo, hi int) []int {
		calls.Add(1)
		out := make([]int, 0, hi-lo)
		for i := lo; i < hi; i++ {
			out = append(out, i*i)
		}
		return out
	}
}

func TestOrdered(t *testing.T) {
	for _, n := range []int{-1, 0, 1, 7, 64, 1000, 1001} {
		var want []int
		for i := range max(n, 0) {
			want = append(want, i*i)
		}
		for _, chunk := range []int{-1, 0, 1, 3, 64, 2000} {
			for _, workers := range []int{-1, 0, 1, 2, 3, 8, 100} {
				var calls atomic.Int64
				var got []int
				next := 0
				for lo, sq := range Ordered(n, chunk, workers, squares(&calls)) {
					if lo != next {
						t.Fatalf("n=%d chunk=%d workers=%d: chunk at %d, want %d", n, chunk, workers, lo, next)
					}
					next += len(sq)
					got = append(got, sq...)
				}
				if !slices.Equal(got, want) {
					t.Fatalf("n=%d chunk=%d workers=%d: got %v, want %v", n, chunk, workers, got, want)
				}
				c := max(chunk, 1)
				if wantCalls := (max(n, 0) + c - 1) / c; calls.Load() != int64(wantCalls) {
					t.Errorf("n=%d chunk=%d workers=%d: %d calls of fn, want %d", n, chunk, workers, calls.Load(), wantCalls)
				}
			}
		}
	}
}

// TestOrderedStops: breaking out of the iteration stops the workers, none
// is left running, and they ran only a few chunks ahead.
func TestOrderedStops(t *testing.T) {
	before := runtime.NumGoroutine()
	const workers = 4
	for _, stopAt := range []int{0, 1, 5, 99} {
		var calls atomic.Int64
		i := 0
		for _, sq := range Ordered(100_000, 10, workers, squares(&calls)) {
			if len(sq) != 10 {
				t.Fatalf("chunk %d has %d results", i, len(sq))
			}
			if i == stopAt {
				break
			}
			i++
		}
		// Each worker may have one chunk taken, two buffered and one in
		// hand when the consumer stops.
		if n := calls.Load(); n > int64(stopAt+1+workers*3) {
			t.Errorf("stopped after %d chunks, but fn ran %d times", stopAt+1, n)
		}
	}
	// Ordered waits for its workers, but a goroutine ends a moment after
	// it reports done; allow it that moment, as goleak does.
	after := runtime.NumGoroutine()
	for wait := time.Millisecond; after > before && wait < 2*time.Second; wait *= 2 {
		time.Sleep(wait)
		after = runtime.NumGoroutine()
	}
	if after > before {
		t.Errorf("%d goroutines before, %d after", before, after)
	}
}

// With one worker, fn runs on the consumer's goroutine, as the iteration
// asks for each chunk.
func TestOrderedOneWorkerIsLazy(t *testing.T) {
	var calls atomic.Int64
	for lo := range Ordered(100, 10, 1, squares(&calls)) {
		if want := int64(lo/10 + 1); calls.Load() != want {
			t.Fatalf("at chunk %d, fn ran %d times, want %d", lo, calls.Load(), want)
		}
	}
}
