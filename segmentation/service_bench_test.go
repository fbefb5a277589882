package segmentation_test

import (
	"context"
	"fmt"
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
	return s, txs
}

// BenchmarkServiceRFM scores 1,000,000 stored transactions over 100,000
// accounts (eleven segments, then the Pareto figures): through a Service
// reading a memstore ("service"); by hand, the pure functions over the
// same memstore's Transactions ("byhand": Aggregate of the store's
// sequence, Score, Table.Pareto); by hand with the list collected into a
// slice first ("collect+slice": account.Collect, AggregateSlice); and the
// pure functions over a slice already in memory ("slice"), which reads no
// store at all. The target is that the shell adds no more than
// 10% over the pure functions on memstore.
func BenchmarkServiceRFM(b *testing.B) {
	store, txs := serviceBenchStore(b, 1_000_000)
	ctx := context.Background()
	o := segmentation.Options{AsOf: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Kind: account.TransactionRevenue}
	sc := segmentation.Scoring{Segments: segmentation.ElevenSegments()}
	svc := segmentation.NewService(store)
	finish := func(b *testing.B, t *segmentation.Table, err error) {
		if err != nil {
			b.Fatal(err)
		}
		p, err := t.Pareto()
		if err != nil {
			b.Fatal(err)
		}
		n80, _ := p.CountFor(decimal.New(8, -1))
		if t.Len() < 99_000 || n80 == 0 {
			b.Fatalf("%d accounts, %d reach 80%%", t.Len(), n80)
		}
		keepTable = t
	}
	b.Run("service", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			t, err := svc.RFM(ctx, o, sc)
			finish(b, t, err)
		}
	})
	b.Run("byhand", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			a, err := segmentation.Aggregate(store.Transactions(ctx, account.TransactionFilter{}), o)
			if err != nil {
				b.Fatal(err)
			}
			t, err := segmentation.Score(a, sc)
			finish(b, t, err)
		}
	})
	b.Run("collect+slice", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			list, err := account.Collect(store.Transactions(ctx, account.TransactionFilter{}))
			if err != nil {
				b.Fatal(err)
			}
			a, err := segmentation.AggregateSlice(list, o)
			if err != nil {
				b.Fatal(err)
			}
			t, err := segmentation.Score(a, sc)
			finish(b, t, err)
		}
	})
	b.Run("slice", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			a, err := segmentation.AggregateSlice(txs, o)
			if err != nil {
				b.Fatal(err)
			}
			t, err := segmentation.Score(a, sc)
			finish(b, t, err)
		}
	})
}

var keepTable *segmentation.Table
