package escalation_test

import (
	"fmt"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// An interleaver runs workers in goroutines one step at a time, in an order
// rapid draws, so that a property test explores interleavings of their
// store calls deterministically and shrinks a failing one to a short
// schedule. A worker marks each point where another may run in between (a
// store call) with step; between two steps it runs alone.
//
// Only one worker runs at a time, so the interleaver finds the ordering bugs
// of a protocol (a read that goes stale before the write that relies on
// it), not data races; the race detector finds those in the tests that run
// workers freely.
type interleaver struct {
	arrive chan arrival    // a worker has reached a step, or finished
	grant  []chan struct{} // per worker: go on from the step
}

type arrival struct {
	worker int
	done   bool
}

// step parks worker w until the interleaver lets it go on.
func (il *interleaver) step(w int) {
	il.arrive <- arrival{worker: w}
	<-il.grant[w]
}

// runInterleaved runs work(il, 0) ... work(il, n-1) in goroutines, each
// starting with a step, and lets one parked worker go at a time, the one t
// draws, until all have returned. It returns the order in which workers
// were let go. A worker must not call t's methods: only the goroutine
// that runs the schedule may.
func runInterleaved(t *rapid.T, n int, work func(il *interleaver, w int)) []int {
	il := &interleaver{arrive: make(chan arrival), grant: make([]chan struct{}, n)}
	for w := range n {
		il.grant[w] = make(chan struct{})
	}
	for w := range n {
		go func() {
			il.step(w)
			work(il, w)
			il.arrive <- arrival{worker: w, done: true}
		}()
	}
	var parked, trace []int
	for range n {
		a := <-il.arrive
		parked = append(parked, a.worker)
	}
	for len(parked) > 0 {
		slices.Sort(parked) // the draw must not depend on goroutine scheduling
		i := rapid.IntRange(0, len(parked)-1).Draw(t, "next")
		w := parked[i]
		parked = slices.Delete(parked, i, i+1)
		trace = append(trace, w)
		il.grant[w] <- struct{}{}
		if a := <-il.arrive; !a.done {
			parked = append(parked, a.worker)
		}
	}
	return trace
}

// The interleaver reaches every order of two workers' steps, so the
// property tests built on it are not stuck in one schedule: each worker
// here is let go twice (at its start and at one step), and the six orders
// of those four grants must all come up.
func TestInterleaverReachesEverySchedule(t *testing.T) {
	seen := map[string]bool{}
	rapid.Check(t, func(t *rapid.T) {
		trace := runInterleaved(t, 2, func(il *interleaver, w int) { il.step(w) })
		seen[fmt.Sprint(trace)] = true
	})
	if len(seen) != 6 {
		t.Errorf("the interleaver reached %d orders of two workers' two grants each, want all 6: %v", len(seen), seen)
	}
}
