package parallel

import (
	"iter"
	"runtime"
	"sync"
)

// Ordered splits [0, n) into consecutive chunks of size chunk (the last
// may be shorter), calls fn(lo, hi) on each chunk [lo, hi) on up to
// workers goroutines (GOMAXPROCS if workers < 1), and yields each chunk's
// lo and fn's result in the order of the chunks, so that the output does
// not depend on the number of workers. chunk < 1 is taken as 1.
//
// It is a pipeline for a consumer that takes results as they come: the
// workers run at most a few chunks ahead of it (about three per worker),
// so memory stays bounded however large n is. Stopping the iteration
// early stops the workers: each finishes the call of fn it is in and
// starts no other chunk, and all of them have returned when the
// iteration does. With one worker, or one chunk, fn runs on the consumer's
// goroutine, a chunk at a time as the iteration asks for it.
//
// fn must be safe to call concurrently on different chunks.
func Ordered[T any](n, chunk, workers int, fn func(lo, hi int) T) iter.Seq2[int, T] {
	chunk = max(chunk, 1)
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	return func(yield func(int, T) bool) {
		if n <= 0 {
			return
		}
		chunks := (n-1)/chunk + 1
		workers := min(workers, chunks)
		bounds := func(c int) (int, int) { return c * chunk, min(n, (c+1)*chunk) }
		if workers <= 1 {
			for c := range chunks {
				lo, hi := bounds(c)
				if !yield(lo, fn(lo, hi)) {
					return
				}
			}
			return
		}
		// Worker w runs the chunks w, w+workers, w+2·workers, ... and
		// hands their results over on outs[w], so the consumer takes chunk
		// c from outs[c%workers], in order.
		stop := make(chan struct{})
		outs := make([]chan T, workers)
		var wg sync.WaitGroup
		for w := range workers {
			outs[w] = make(chan T, 2)
			wg.Go(func() {
				for c := w; c < chunks; c += workers {
					select {
					case <-stop:
						return
					default:
					}
					lo, hi := bounds(c)
					select {
					case outs[w] <- fn(lo, hi):
					case <-stop:
						return
					}
				}
			})
		}
		defer func() {
			close(stop)
			wg.Wait()
		}()
		for c := range chunks {
			lo, _ := bounds(c)
			if !yield(lo, <-outs[c%workers]) {
				return
			}
		}
	}
}
