package growth_test

import (
	"testing"

	"github.com/keyaccount/keyaccount/internal/cputime"
)

// cpuPerOp reports the process's CPU time per op (all threads) beside the
// wall time, which the shared machine makes noisy: defer cpuPerOp(b)()
// just before the loop.
func cpuPerOp(b *testing.B) func() {
	before, ok := cputime.Process()
	return func() {
		after, ok2 := cputime.Process()
		if ok && ok2 && b.N > 0 {
			b.ReportMetric(float64(after-before)/1e6/float64(b.N), "cpu-ms/op")
		}
	}
}
