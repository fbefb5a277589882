package segmentation_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/shopspring/decimal"
)

// serviceBenchStore returns a memstore of n transactions over n/10
// accounts in three years, amounts in cents with one in ten a refund of
// part of a purchase, and
// the same transactions as a slice.
func serviceBenchStore(b *testing.B, n int) (*memstore.Store, []account.Transaction) {
	first := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	txs := make([]account.Transaction, n)
	x := uint64(0x9E3779B97F4A7C15)
	next := func() uint64 { // xorshift: the same data on every run
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		return x
	}
	var cents int64
	var acct account.ID
	for i := range txs {
		if i%10 == 9 { // a refund of a tenth of the account's last purchase
			cents = -cents / 10
		} else {
			cents = int64(next()%500_000) + 1
			acct = account.ID(fmt.Sprintf("acct-%07d", next()%uint64(n/10)))
		}
		m, err := account.NewMoney(decimal.New(cents, -2), "NZD")
		if err != nil {
			b.Fatal(err)
		}
		txs[i] = account.Transaction{
			ID:      account.TransactionID(fmt.Sprintf("t%08d", i)),
			Account: acct,
			At:      first.Add(time.Duration(next()%(3*365*24*3600)) * time.Second),
			Amount:  m,
			Kind:    account.TransactionRevenue,
		}
	}
	s := memstore.New()
	const batch = 50_000
	for lo := 0; lo < n; lo += batch {
		if err := s.AddTransactions(context.Background(), txs[lo:min(lo+batch, n)]...); err != nil {
			b.Fatal(err)
		}
	}
	// The first read settles the store (it sorts what was added): do it
	// here, not in whichever job runs first.
	for _, err := range s.Transactions(context.Background(), account.TransactionFilter{}) {
		if err != nil {
			b.Fatal(err)
		}
	}
	return s, txs
}

// BenchmarkServiceRFM scores 1,000,000 stored transactions over 100,000
// accounts (eleven segments, then the Pareto figures): through a Service
// reading a memstore ("service"); by hand, the pure functions over the
// same memstore's Transactions ("byhand": Aggregate of the store's
// sequence, Score, Table.Pareto); by hand with the list collected into a
// slice first ("collect+slice": account.Collect, AggregateSlice); and the
// pure functions over a slice already in memory ("slice"), which reads no
// store at all. Each job starts after a garbage collection, so that none
// pays for the garbage of the set-up or of another. The target is that the shell adds no more than
// 10% over the pure functions on memstore.
func BenchmarkServiceRFM(b *testing.B) {
	store, txs := serviceBenchStore(b, 1_000_000)
	ctx := context.Background()
	o := segmentation.Options{AsOf: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Kind: account.TransactionRevenue}
	sc := segmentation.Scoring{Segments: segmentation.ElevenSegments()}
	svc := segmentation.NewService(store)
	run := func(name string, job func() (*segmentation.Table, error)) {
		b.Run(name, func(b *testing.B) {
			runtime.GC() // the garbage of the set-up, or of the job before, is not this job's
			defer reportCPU(b)()
			for b.Loop() {
				t, err := job()
				var p *segmentation.Pareto
				if err == nil {
					p, err = t.Pareto()
				}
				if err != nil || t.Len() < 99_000 || p.Gini() <= 0 {
					b.Fatalf("%s: %v", name, err)
				}
				keepTable = t
			}
		})
	}
	run("service", func() (*segmentation.Table, error) { return svc.RFM(ctx, o, sc) })
	run("byhand", func() (*segmentation.Table, error) {
		a, err := segmentation.Aggregate(store.Transactions(ctx, account.TransactionFilter{}), o)
		if err != nil {
			return nil, err
		}
		return segmentation.Score(a, sc)
	})
	run("collect+slice", func() (*segmentation.Table, error) {
		list, err := account.Collect(store.Transactions(ctx, account.TransactionFilter{}))
		if err != nil {
			return nil, err
		}
		a, err := segmentation.AggregateSlice(list, o)
		if err != nil {
			return nil, err
		}
		return segmentation.Score(a, sc)
	})
	run("slice", func() (*segmentation.Table, error) {
		a, err := segmentation.AggregateSlice(txs, o)
		if err != nil {
			return nil, err
		}
		return segmentation.Score(a, sc)
	})
}

var keepTable *segmentation.Table
