package segmentation_test

import (
	"sync"
	"testing"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/rfmgen"
	"github.com/keyaccount/keyaccount/segmentation"
)

// The reference workload (rfmgen.Reference: 10M transactions over 1M
// accounts) as a Ledger, built once per test binary.
var (
	refOnce   sync.Once
	refLedger *segmentation.Ledger
	refAsOf   = rfmgen.FirstDay.AddDate(0, 0, 1096) // the day after the last date
)

func referenceLedger(b *testing.B) *segmentation.Ledger {
	refOnce.Do(func() {
		l, err := segmentation.NewLedger("XXX", account.Revenue)
		if err != nil {
			b.Fatal(err)
		}
		l.Grow(rfmgen.Reference.Transactions)
		rfmgen.Generate(rfmgen.Reference, func(id []byte, day int, cents int64) {
			if err := l.AppendUnits(id, rfmgen.FirstDay.AddDate(0, 0, day), cents); err != nil {
				b.Fatal(err)
			}
		})
		refLedger = l
	})
	return refLedger
}

// BenchmarkJob is the reference job: RFM aggregation, Ordinal scores,
// segments and the Pareto figures, from the in-memory Ledger to the final
// per-account table.
func BenchmarkJob(b *testing.B) {
	l := referenceLedger(b)
	opts := segmentation.Options{AsOf: refAsOf}
	sc := segmentation.Scoring{Segments: segmentation.ElevenSegments()}
	b.ReportAllocs()
	b.ResetTimer()
	defer reportCPU(b)()
	for b.Loop() {
		a, err := segmentation.AggregateLedger(l, opts)
		if err != nil {
			b.Fatal(err)
		}
		t, err := segmentation.Score(a, sc)
		if err != nil {
			b.Fatal(err)
		}
		if t.Len() != rfmgen.Reference.Accounts {
			b.Fatalf("%d accounts", t.Len())
		}
	}
}

func BenchmarkAggregateLedger(b *testing.B) {
	l := referenceLedger(b)
	opts := segmentation.Options{AsOf: refAsOf}
	b.ReportAllocs()
	b.ResetTimer()
	defer reportCPU(b)()
	for b.Loop() {
		if _, err := segmentation.AggregateLedger(l, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkScore(b *testing.B) {
	l := referenceLedger(b)
	a, err := segmentation.AggregateLedger(l, segmentation.Options{AsOf: refAsOf})
	if err != nil {
		b.Fatal(err)
	}
	sc := segmentation.Scoring{Segments: segmentation.ElevenSegments()}
	b.ReportAllocs()
	b.ResetTimer()
	defer reportCPU(b)()
	for b.Loop() {
		if _, err := segmentation.Score(a, sc); err != nil {
			b.Fatal(err)
		}
	}
}

// reportCPU reports the CPU time per op (all threads) next to the wall
// time: call it as defer reportCPU(b)() just before the loop.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
	}
}
