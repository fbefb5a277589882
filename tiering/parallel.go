package tiering

import (
	"runtime"
	"sync"
)

// parallelMin is the smallest amount of work worth splitting across
// goroutines.
const parallelMin = 1 << 14

// parallel calls fn over consecutive chunks that cover [0, n), on up to
// GOMAXPROCS goroutines, and waits for them. chunk numbers the chunks from
// 0 in order, so that results kept per chunk can be combined in a fixed
// order; chunks returns how many there will be.
func parallel(n int, fn func(chunk, lo, hi int)) {
	k := chunks(n)
	if k == 1 {
		fn(0, 0, n)
		return
	}
	size := (n + k - 1) / k
	var wg sync.WaitGroup
	for c := range k {
		lo, hi := c*size, min((c+1)*size, n)
		wg.Go(func() { fn(c, lo, hi) })
	}
	wg.Wait()
}

// chunks returns how many chunks parallel splits n into.
func chunks(n int) int {
	k := runtime.GOMAXPROCS(0)
	if n < parallelMin || k < 2 {
		return 1
	}
	return min(k, (n+parallelMin-1)/parallelMin)
}
