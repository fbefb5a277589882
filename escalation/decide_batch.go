package escalation

import (
	"iter"
	"runtime"
	"time"

	"github.com/keyaccount/keyaccount/internal/parallel"
)

// batchChunk is the number of issues a worker decides at a time.
const batchChunk = 512

// DecideAll decides every issue of issues at the instant now, as
// [Engine.Decide] does, with fired[i] the records of issues[i] (fired may
// be shorter than issues, or nil: the issues past its end have no
// records), on up to workers goroutines (GOMAXPROCS if workers < 1). It
// yields each decision with its error in the order of issues; the
// decisions are the same, in the same order, whatever the number of
// workers. An Engine not built by NewEngine yields its error for every
// issue.
//
// With more than one worker and more than 512 issues, the batch is split
// into chunks of 512 decided in a pipeline: workers run ahead of the
// consumer by at most a few chunks, so memory stays bounded however many
// issues there are. Stopping the iteration early stops the workers; they
// have all returned when the iteration does. issues and fired must not
// change while the iteration runs.
func (e *Engine) DecideAll(issues []Issue, fired [][]Record, now time.Time, workers int) iter.Seq2[Decision, error] {
	records := func(i int) []Record {
		if i < len(fired) {
			return fired[i]
		}
		return nil
	}
	return func(yield func(Decision, error) bool) {
		if workers < 1 {
			workers = runtime.GOMAXPROCS(0)
		}
		if workers == 1 || len(issues) <= batchChunk {
			for i := range issues {
				if !yield(e.decideIssue(&issues[i], records(i), now)) {
					return
				}
			}
			return
		}
		for _, ch := range parallel.Ordered(len(issues), batchChunk, workers, func(lo, hi int) batch {
			b := batch{ds: make([]Decision, hi-lo)}
			for i := lo; i < hi; i++ {
				d, err := e.decideIssue(&issues[i], records(i), now)
				b.ds[i-lo] = d
				if err != nil {
					if b.errs == nil {
						b.errs = make([]error, hi-lo)
					}
					b.errs[i-lo] = err
				}
			}
			return b
		}) {
			for k := range ch.ds {
				var err error
				if ch.errs != nil {
					err = ch.errs[k]
				}
				if !yield(ch.ds[k], err) {
					return
				}
			}
		}
	}
}

// batch is the decisions of a chunk of a batch.
type batch struct {
	ds   []Decision
	errs []error // nil when no issue of the chunk failed
}
