// Package parallel splits a range of work into consecutive chunks run on
// several goroutines, for the module's batch computations. Results kept per
// chunk are combined by the caller in chunk order, so that output never
// depends on how the work was split.
//
// The package is internal: it serves the module's domain packages.
package parallel

import (
	"runtime"
	"sync"
)

// Chunks returns how many chunks n items of work are worth splitting into:
// 1 when n is below minChunk or GOMAXPROCS is 1, otherwise up to GOMAXPROCS
// chunks of at least minChunk items each.
func Chunks(n, minChunk int) int {
	k := runtime.GOMAXPROCS(0)
	minChunk = max(minChunk, 1)
	if n < 2*minChunk || k < 2 {
		return 1
	}
	return min(k, n/minChunk)
}

// For splits [0, n) into k consecutive chunks of nearly equal size (chunk c
// covers [c·n/k, (c+1)·n/k)) and calls fn on each, on its own goroutine when
// k > 1, and waits for them all. k < 1 is taken as 1.
func For(k, n int, fn func(chunk, lo, hi int)) {
	if k <= 1 {
		fn(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	for c := range k {
		lo, hi := c*n/k, (c+1)*n/k
		wg.Go(func() { fn(c, lo, hi) })
	}
	wg.Wait()
}
