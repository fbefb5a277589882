package segmentation_test

import (
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"testing"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/cputime"
	"github.com/keyaccount/keyaccount/internal/fixture/rfmgen"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/shopspring/decimal"
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
		l, err := segmentation.NewLedger("XXX", account.TransactionRevenue)
		if err != nil {
			b.Fatal(err)
		}
		l.Grow(rfmgen.Reference.Transactions)
		rfmgen.Generate(rfmgen.Reference, func(id []byte, day int, cents int64) {
			if err := l.AppendUnits(account.ID(id), rfmgen.FirstDay.AddDate(0, 0, day), cents); err != nil {
				b.Fatal(err)
			}
		})
		refLedger = l
	})
	return refLedger
}

// job is the reference job: RFM aggregation, Ordinal scores, segments
// and the Pareto figures of RFM.md (accounts reaching 80%, the top 20%'s
// share, Gini), from in-memory transactions to the final per-account table.
func job(b *testing.B, a *segmentation.Aggregator) *segmentation.Table {
	t, err := segmentation.Score(a, segmentation.Scoring{Segments: segmentation.ElevenSegments()})
	if err != nil {
		b.Fatal(err)
	}
	p, err := t.Pareto()
	if err != nil {
		b.Fatal(err)
	}
	n80, _ := p.CountFor(decimal.New(8, -1))
	top, _ := p.TopFraction(decimal.New(2, -1))
	g := p.Gini()
	if t.Len() != rfmgen.Reference.Accounts || n80 != 117582 || top.Total.AmountString() != "965026590.72" || strconv.FormatFloat(g, 'f', 9, 64) != "0.840065528" {
		b.Fatalf("wrong figures: %d accounts, %d reach 80%%, top 20%% %v, Gini %v", t.Len(), n80, top.Total, g)
	}
	return t
}

// aggregateLedger aggregates l into a new Aggregator.
func aggregateLedger(l *segmentation.Ledger, o segmentation.Options) (*segmentation.Aggregator, error) {
	a, err := segmentation.NewAggregator(o)
	if err != nil {
		return nil, err
	}
	return a, a.AddLedger(l)
}

// BenchmarkJob runs the job on the reference workload held as a Ledger
// (the package's columnar in-memory form).
func BenchmarkJob(b *testing.B) {
	l := referenceLedger(b)
	opts := segmentation.Options{AsOf: refAsOf}
	b.ReportAllocs()
	b.ResetTimer()
	defer reportCPU(b)()
	for b.Loop() {
		a, err := aggregateLedger(l, opts)
		if err != nil {
			b.Fatal(err)
		}
		job(b, a)
	}
}

// BenchmarkJobTransactions runs the job on the reference workload held as
// []account.Transaction (10M values with heap-allocated decimal amounts,
// about 2 GB): the path a caller without a Ledger takes.
func BenchmarkJobTransactions(b *testing.B) {
	txs := make([]account.Transaction, 0, rfmgen.Reference.Transactions)
	rfmgen.Generate(rfmgen.Reference, func(id []byte, day int, cents int64) {
		m, _ := account.NewMoney(decimal.New(cents, -2), "XXX")
		txs = append(txs, account.Transaction{
			ID: account.TransactionID("T" + strconv.Itoa(len(txs))), Account: account.ID(id),
			At: rfmgen.FirstDay.AddDate(0, 0, day), Amount: m, Kind: account.TransactionRevenue,
		})
	})
	opts := segmentation.Options{AsOf: refAsOf}
	b.ReportAllocs()
	b.ResetTimer()
	defer reportCPU(b)()
	for b.Loop() {
		a, err := segmentation.AggregateSlice(txs, opts)
		if err != nil {
			b.Fatal(err)
		}
		job(b, a)
	}
}

// BenchmarkJobPeakMemory runs the job once per op and reports the peak
// resident memory it adds to the process (Linux: VmHWM after resetting it,
// minus VmRSS before, with freed memory returned to the OS first, so that
// every page the job touches counts).
func BenchmarkJobPeakMemory(b *testing.B) {
	l := referenceLedger(b)
	opts := segmentation.Options{AsOf: refAsOf}
	var peak int64
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		debug.FreeOSMemory()
		before, ok := resetPeakRSS()
		if !ok {
			b.Skip("needs Linux /proc/self/clear_refs")
		}
		b.StartTimer()
		a, err := aggregateLedger(l, opts)
		if err != nil {
			b.Fatal(err)
		}
		t := job(b, a)
		b.StopTimer()
		peak = max(peak, peakRSS()-before)
		runtime.KeepAlive(t)
		b.StartTimer()
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-extra-MiB")
}

func BenchmarkAggregateLedger(b *testing.B) {
	l := referenceLedger(b)
	opts := segmentation.Options{AsOf: refAsOf}
	b.ReportAllocs()
	b.ResetTimer()
	defer reportCPU(b)()
	for b.Loop() {
		if _, err := aggregateLedger(l, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkScore(b *testing.B) {
	l := referenceLedger(b)
	a, err := aggregateLedger(l, segmentation.Options{AsOf: refAsOf})
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
	start, ok := cputime.Process()
	return func() {
		if end, ok2 := cputime.Process(); ok && ok2 {
			b.ReportMetric(float64(end-start)/float64(b.N)/1e6, "cpu-ms/op")
		}
	}
}

// BenchmarkSummarySubCent runs Table.Summary on tables whose monetary sums
// are all held as decimals (amounts such as 1.125, finer than a cent), at
// two sizes: the time per op should grow with the accounts, not with
// their square (as it did when each row rescanned every decimal value).
func BenchmarkSummarySubCent(b *testing.B) {
	for _, n := range []int{10_000, 40_000} {
		b.Run("accounts="+strconv.Itoa(n), func(b *testing.B) {
			l, err := segmentation.NewLedger("USD", account.TransactionRevenue)
			if err != nil {
				b.Fatal(err)
			}
			at := rfmgen.FirstDay
			for i := range n {
				id := "C" + strconv.Itoa(i)
				amount, _ := account.NewMoney(decimal.New(int64(1000+i%5000)*1000+125, -3), "USD")
				tx := account.Transaction{Account: account.ID(id), At: at.AddDate(0, 0, i%365), Amount: amount, Kind: account.TransactionRevenue}
				if err := l.Append(tx); err != nil {
					b.Fatal(err)
				}
			}
			a, err := aggregateLedger(l, segmentation.Options{AsOf: at.AddDate(1, 0, 0)})
			if err != nil {
				b.Fatal(err)
			}
			t, err := segmentation.Score(a, segmentation.Scoring{Segments: segmentation.ElevenSegments()})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if s := t.Summary(); len(s) != 11 {
					b.Fatalf("%d summary lines", len(s))
				}
			}
		})
	}
}
