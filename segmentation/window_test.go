package segmentation_test

import (
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/segmentation"
)

// The window [Since, AsOf] includes both ends, on every way in: one
// transaction just before Since, one at Since, one at AsOf and one just
// after it. An account whose only transactions are left out is not
// counted by Len, though its ID is known (for a ledger, it has an entry).
func TestWindowEndsIncluded(t *testing.T) {
	since := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	asOf := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	o := segmentation.Options{Since: since, AsOf: asOf}
	rows := []struct {
		acct account.ID
		at   time.Time
	}{
		{"early", since.Add(-time.Nanosecond)},
		{"first", since},
		{"last", asOf},
		{"late", asOf.Add(time.Nanosecond)},
	}
	txs := make([]account.Transaction, len(rows))
	for i, r := range rows {
		txs[i] = account.Transaction{ID: account.TransactionID(r.acct), Account: r.acct, At: r.at, Amount: account.MustParseMoney("NZD 1"), Kind: account.TransactionRevenue}
	}
	check := func(name string, a *segmentation.Aggregator) {
		t.Helper()
		if got, want := a.Excluded(), (segmentation.Excluded{BeforeSince: 1, Future: 1}); got != want {
			t.Errorf("%s: excluded %+v, want %+v", name, got, want)
		}
		if a.Len() != 2 {
			t.Errorf("%s: Len %d, want 2 (first and last)", name, a.Len())
		}
	}

	a, err := segmentation.AggregateSlice(txs, o)
	if err != nil {
		t.Fatal(err)
	}
	check("AggregateSlice", a)

	for _, min := range []int{1 << 15, 1} { // one goroutine, and the parallel scan
		restore := segmentation.SetParallelMin(min)
		l, err := segmentation.NewLedger("NZD", account.TransactionRevenue)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if err := l.AppendUnits(r.acct, r.at, 100); err != nil {
				t.Fatal(err)
			}
		}
		a, err := segmentation.NewAggregator(o)
		if err != nil {
			t.Fatal(err)
		}
		if err := a.AddLedger(l); err != nil {
			t.Fatal(err)
		}
		check("AddLedger", a)
		restore()
	}
}
