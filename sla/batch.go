package sla

import (
	"iter"
	"runtime"
	"sync"
	"time"
)

// batchChunk is the number of timelines a worker evaluates at a time.
const batchChunk = 256

// EvaluateAll evaluates every timeline of tls at the instant now, as
// [Evaluator.Evaluate] does, on up to workers goroutines (GOMAXPROCS if
// workers < 1), and yields each result with its error in the order of tls.
// The results are the same, in the same order, whatever the number of
// workers. An Evaluator not built by NewEvaluator yields its error for
// every timeline.
//
// Workers run ahead of the consumer by at most a few chunks of timelines,
// so memory stays bounded however many timelines there are. Stopping the
// iteration early stops the workers; they have all returned when the
// iteration does. tls must not change while the iteration runs.
func (e *Evaluator) EvaluateAll(tls []Timeline, now time.Time, workers int) iter.Seq2[Result, error] {
	return func(yield func(Result, error) bool) {
		if err := e.check(); err != nil {
			for range tls {
				if !yield(Result{}, err) {
					return
				}
			}
			return
		}
		if workers < 1 {
			workers = runtime.GOMAXPROCS(0)
		}
		chunks := (len(tls) + batchChunk - 1) / batchChunk
		workers = min(workers, chunks)
		if workers <= 1 {
			sc := new(scratch)
			for i := range tls {
				if !yield(e.evaluate(sc, &tls[i], now)) {
					return
				}
			}
			return
		}
		type chunk struct {
			res  []Result
			errs []error // nil when no timeline of the chunk failed
		}
		// Worker w evaluates the chunks w, w+workers, w+2·workers, ...
		// and hands them over on outs[w], so the consumer takes chunk c
		// from outs[c%workers] and the order is that of tls.
		stop := make(chan struct{})
		outs := make([]chan chunk, workers)
		var wg sync.WaitGroup
		for w := range workers {
			outs[w] = make(chan chunk, 2)
			wg.Go(func() {
				sc := new(scratch)
				for c := w; c < chunks; c += workers {
					lo, hi := c*batchChunk, min(len(tls), (c+1)*batchChunk)
					ch := chunk{res: make([]Result, hi-lo)}
					for i := lo; i < hi; i++ {
						r, err := e.evaluate(sc, &tls[i], now)
						ch.res[i-lo] = r
						if err != nil {
							if ch.errs == nil {
								ch.errs = make([]error, hi-lo)
							}
							ch.errs[i-lo] = err
						}
					}
					select {
					case outs[w] <- ch:
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
			ch := <-outs[c%workers]
			for k, r := range ch.res {
				var err error
				if ch.errs != nil {
					err = ch.errs[k]
				}
				if !yield(r, err) {
					return
				}
			}
		}
	}
}
