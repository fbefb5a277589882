package sla

import (
	"iter"
	"runtime"
	"time"

	"github.com/keyaccount/keyaccount/internal/parallel"
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
// With more than one worker and more than 256 timelines, the batch is
// split into chunks of 256 timelines evaluated in a pipeline: workers run
// ahead of the consumer by at most a few chunks, so memory stays bounded
// however many timelines there are. Otherwise the timelines are evaluated
// on the consumer's goroutine, one at a time as the iteration asks for
// them. Stopping the
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
		if workers == 1 || len(tls) <= batchChunk {
			// One worker, or one chunk: evaluate on the consumer's
			// goroutine, without holding a chunk of results.
			sc := e.pool.Get().(*scratch)
			defer e.pool.Put(sc)
			for i := range tls {
				if !yield(e.evaluate(sc, &tls[i], now)) {
					return
				}
			}
			return
		}
		for _, ch := range parallel.Ordered(len(tls), batchChunk, workers, func(lo, hi int) chunk {
			return e.evaluateChunk(tls[lo:hi], now)
		}) {
			if !ch.yield(yield) {
				return
			}
		}
	}
}

// chunk is the evaluation of a chunk of a batch.
type chunk struct {
	res  []Result
	errs []error // nil when no timeline of the chunk failed
}

// yield yields the chunk's results with their errors, and reports whether
// yield asked for more.
func (ch chunk) yield(yield func(Result, error) bool) bool {
	for k := range ch.res {
		var err error
		if ch.errs != nil {
			err = ch.errs[k]
		}
		if !yield(ch.res[k], err) {
			return false
		}
	}
	return true
}

// evaluateChunk evaluates the timelines tls at now.
func (e *Evaluator) evaluateChunk(tls []Timeline, now time.Time) chunk {
	sc := e.pool.Get().(*scratch)
	defer e.pool.Put(sc)
	ch := chunk{res: make([]Result, len(tls))}
	for i := range tls {
		r, err := e.evaluate(sc, &tls[i], now)
		ch.res[i] = r
		if err != nil {
			if ch.errs == nil {
				ch.errs = make([]error, len(tls))
			}
			ch.errs[i] = err
		}
	}
	return ch
}
