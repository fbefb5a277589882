package parallel

import (
	"iter"
	"runtime"
	"sync"
)

// Stream calls fn on each value of in, on up to workers goroutines
// (GOMAXPROCS if workers < 1), and yields fn's results in the order of in,
// so that the output does not depend on the number of workers. It is
// [Ordered] over a sequence rather than a range: the values are read from
// in on a goroutine of their own while the workers call fn on those read
// before and the consumer takes the results, so that reading, computing
// and consuming overlap.
//
// It is a pipeline: the reader and the workers run at most a few values
// ahead of the consumer (about four per worker), so memory stays bounded
// however long in is. Stopping the iteration early stops the reader (its
// yield returns false as soon as it next yields) and the workers (each
// finishes the call of fn it is in and starts no other); all of them have
// returned when the iteration does. A panic in in is raised again on the
// consumer's goroutine, after the results of the values read before it,
// once the other goroutines have returned. With one worker, in
// and fn run on the consumer's goroutine, one value at a time as the
// iteration asks for it.
//
// fn must be safe to call concurrently on different values.
func Stream[In, Out any](in iter.Seq[In], workers int, fn func(In) Out) iter.Seq[Out] {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	return func(yield func(Out) bool) {
		if workers == 1 {
			for v := range in {
				if !yield(fn(v)) {
					return
				}
			}
			return
		}
		// The reader sends value c to ins[c%workers]; worker w takes its
		// values from ins[w] and hands their results over on outs[w], in
		// order, so the consumer takes result c from outs[c%workers]. The
		// reader closes every ins at the end of in, and each worker its
		// outs once its ins is drained: the first closed outs the
		// consumer meets is the end.
		stop := make(chan struct{})
		ins := make([]chan In, workers)
		outs := make([]chan Out, workers)
		for w := range workers {
			ins[w] = make(chan In, 1)
			outs[w] = make(chan Out, 2)
		}
		var (
			wg       sync.WaitGroup
			panicked any // what in panicked with, if it did
			failed   bool
		)
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					panicked, failed = r, true
				}
				for _, c := range ins {
					close(c)
				}
			}()
			c := 0
			for v := range in {
				select {
				case <-stop:
					return
				default:
				}
				select {
				case ins[c%workers] <- v:
				case <-stop:
					return
				}
				c++
			}
		})
		for w := range workers {
			wg.Go(func() {
				defer close(outs[w])
				for v := range ins[w] {
					select {
					case <-stop:
						return
					default:
					}
					select {
					case outs[w] <- fn(v):
					case <-stop:
						return
					}
				}
			})
		}
		defer func() {
			close(stop)
			// A worker blocked on a full outs, or the reader on a full
			// ins, sees stop; a worker waiting on its ins sees it closed
			// once the reader has returned.
			wg.Wait()
			if failed {
				panic(panicked)
			}
		}()
		for c := 0; ; c++ {
			out, ok := <-outs[c%workers]
			if !ok || !yield(out) {
				return
			}
		}
	}
}
