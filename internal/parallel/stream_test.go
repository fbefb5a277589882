package parallel

import (
	"iter"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// count yields 0, 1, ..., n-1, counting the values read in read and, in
// running, the iterations under way (1 while it runs).
func count(n int, read, running *atomic.Int64) iter.Seq[int] {
	return func(yield func(int) bool) {
		running.Add(1)
		defer running.Add(-1)
		for i := range n {
			read.Add(1)
			if !yield(i) {
				return
			}
		}
	}
}

// TestPropStreamOrdered: whatever the length of the sequence and the
// number of workers, Stream yields fn of every value once, in order, and
// calls fn once per value.
func TestPropStreamOrdered(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 300).Draw(t, "n")
		workers := rapid.IntRange(-1, 9).Draw(t, "workers")
		var read, running, calls atomic.Int64
		var got []int
		for sq := range Stream(count(n, &read, &running), workers, func(i int) int { calls.Add(1); return i * i }) {
			got = append(got, sq)
		}
		want := make([]int, n)
		for i := range want {
			want[i] = i * i
		}
		if !slices.Equal(got, want) {
			t.Fatalf("n=%d workers=%d: got %v, want %v", n, workers, got, want)
		}
		if read.Load() != int64(n) || calls.Load() != int64(n) {
			t.Fatalf("n=%d workers=%d: %d values read and %d calls of fn, want %d of each", n, workers, read.Load(), calls.Load(), n)
		}
	})
}

// TestStreamStops: breaking out of the iteration stops the reader and the
// workers, and none of them is still reading or calling fn when the
// iteration returns; they ran only a few values ahead: each worker may
// have one value taken, one in hand, one buffered on its way in and two on
// its way out, and the reader one in hand.
func TestStreamStops(t *testing.T) {
	for _, workers := range []int{1, 2, 4} {
		for _, stopAt := range []int{0, 1, 5, 99} {
			var read, running, calls, inFn atomic.Int64
			i := 0
			fn := func(i int) int {
				inFn.Add(1)
				defer inFn.Add(-1)
				calls.Add(1)
				time.Sleep(time.Microsecond) // let the consumer stop mid-call
				return i
			}
			for v := range Stream(count(100_000, &read, &running), workers, fn) {
				if v != i {
					t.Fatalf("workers=%d: value %d at %d", workers, v, i)
				}
				if i == stopAt {
					break
				}
				i++
			}
			if running.Load() != 0 || inFn.Load() != 0 {
				t.Errorf("workers=%d, stopped after %d values: %d readings and %d calls of fn still running", workers, stopAt+1, running.Load(), inFn.Load())
			}
			ahead := int64(stopAt + 1 + workers*4 + 1)
			if workers == 1 {
				ahead = int64(stopAt + 1) // no read-ahead
			}
			if n := read.Load(); n > ahead {
				t.Errorf("workers=%d: stopped after %d values, but %d were read", workers, stopAt+1, n)
			}
			if n := calls.Load(); n > ahead {
				t.Errorf("workers=%d: stopped after %d values, but fn ran %d times", workers, stopAt+1, n)
			}
		}
	}
}

// With one worker, the values are read and fn runs on the consumer's
// goroutine, as the iteration asks for each value.
func TestStreamOneWorkerIsLazy(t *testing.T) {
	var read, running, calls atomic.Int64
	for v := range Stream(count(100, &read, &running), 1, func(i int) int { calls.Add(1); return i }) {
		if want := int64(v + 1); read.Load() != want || calls.Load() != want {
			t.Fatalf("at value %d, %d read and fn ran %d times, want %d", v, read.Load(), calls.Load(), want)
		}
	}
}

// A panic in the sequence reaches the consumer's goroutine, after the
// results of the values read before it.
func TestStreamPanics(t *testing.T) {
	for _, workers := range []int{1, 2, 3} {
		in := func(yield func(int) bool) {
			for i := range 10 {
				if !yield(i) {
					return
				}
			}
			panic("the source failed")
		}
		var got []int
		func() {
			defer func() {
				if r := recover(); r != "the source failed" {
					t.Errorf("workers=%d: recovered %v, want the source's panic", workers, r)
				}
			}()
			for v := range Stream(in, workers, func(i int) int { return i }) {
				got = append(got, v)
			}
			t.Errorf("workers=%d: the iteration ended without a panic", workers)
		}()
		if want := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}; !slices.Equal(got, want) {
			t.Errorf("workers=%d: got %v before the panic, want %v", workers, got, want)
		}
	}
}
