package clv

import (
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/segmentation"
)

// benchTransactions is 10M transactions of 1M accounts over three years,
// in cents.
var benchTransactions = sync.OnceValue(func() []account.Transaction { return makeBenchTransactions(1_000_000, 10_000_000) })

// benchTransactions1M is 1M transactions of 100,000 accounts.
var benchTransactions1M = sync.OnceValue(func() []account.Transaction { return makeBenchTransactions(100_000, 1_000_000) })

func makeBenchTransactions(accounts, n int) []account.Transaction {
	rng := rand.New(rand.NewPCG(7, 11))
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	ids := make([]account.ID, accounts)
	for i := range ids {
		ids[i] = account.ID("C" + strconv.Itoa(10_000_000+i))
	}
	txs := make([]account.Transaction, n)
	for i := range txs {
		m, _ := account.NewMoney(decimal.New(rng.Int64N(100_000), -2), "USD")
		txs[i] = account.Transaction{ID: "T", Account: ids[rng.IntN(accounts)], At: start.Add(time.Duration(rng.Int64N(int64(3 * 365 * 24 * time.Hour)))),
			Amount: m, Kind: account.TransactionRevenue}
	}
	return txs
}

// BenchmarkSummaries10M compares, on the same 10M transactions, the
// summary builder (no holdout) with segmentation's RFM aggregation
// counting distinct days, the same pass, and scoring; and with the RFM
// aggregation counting transactions. Each reports its CPU time (all
// threads) per op beside the wall time, which is noisy on a shared machine.
func BenchmarkSummaries10M(b *testing.B) { benchSummaries(b, benchTransactions()) }

// BenchmarkSummaries1M is BenchmarkSummaries10M on a tenth of the data.
func BenchmarkSummaries1M(b *testing.B) { benchSummaries(b, benchTransactions1M()) }

func benchSummaries(b *testing.B, txs []account.Transaction) {
	end := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b.Run("builder", func(b *testing.B) {
		var out []Summary
		defer reportCPU(b)()
		for b.Loop() {
			var err error
			if out, err = BuildSummariesSlice(txs, SummaryOptions{Unit: UnitDay, CalibrationEnd: end}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(out)), "accounts")
	})
	for _, f := range []segmentation.FrequencyBasis{segmentation.FrequencyDistinctDays, segmentation.FrequencyTransactions} {
		b.Run("rfm/"+f.String(), func(b *testing.B) {
			var t *segmentation.Table
			defer reportCPU(b)()
			for b.Loop() {
				a, err := segmentation.AggregateSlice(txs, segmentation.Options{AsOf: end, Frequency: f})
				if err != nil {
					b.Fatal(err)
				}
				if t, err = segmentation.Score(a, segmentation.Scoring{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(t.Len()), "accounts")
		})
	}
}
