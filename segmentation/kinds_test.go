package segmentation_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/segmentation"
)

// With the zero Options.Kind, revenue and cost must never be netted: every
// entry point reports the second kind as ErrMixedKinds.
func TestMixedKindsAreAnError(t *testing.T) {
	at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	tx := func(id string, k account.TransactionKind) account.Transaction {
		return account.Transaction{ID: account.TransactionID(id), Account: "A", At: at, Amount: account.MustParseMoney("NZD 10"), Kind: k}
	}
	wantMixed := func(t *testing.T, what string, err error) {
		t.Helper()
		if !errors.Is(err, segmentation.ErrMixedKinds) {
			t.Errorf("%s: error %v, want ErrMixedKinds", what, err)
		}
	}

	// One at a time.
	agg, err := segmentation.NewAggregator(segmentation.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := agg.Add(tx("t1", account.Revenue)); err != nil {
		t.Fatal(err)
	}
	err = agg.Add(tx("t2", account.Cost))
	wantMixed(t, "Add", err)
	var te *segmentation.TransactionError
	if !errors.As(err, &te) || te.Transaction != "t2" || te.Account != "A" {
		t.Errorf("Add: error %v does not name transaction t2 of account A", err)
	}

	// A large slice, aggregated in parallel: the cost is far from the start.
	txs := make([]account.Transaction, 50_000)
	for i := range txs {
		txs[i] = tx(fmt.Sprint("r", i), account.Revenue)
	}
	txs[len(txs)-7] = tx("c", account.Cost)
	_, err = segmentation.AggregateSlice(txs, segmentation.Options{})
	wantMixed(t, "AggregateSlice", err)

	// Ledgers of two kinds into one aggregator.
	rev, _ := segmentation.NewLedger("NZD", account.Revenue)
	cost, _ := segmentation.NewLedger("NZD", account.Cost)
	if err := rev.Append(tx("r", account.Revenue)); err != nil {
		t.Fatal(err)
	}
	if err := cost.Append(tx("c", account.Cost)); err != nil {
		t.Fatal(err)
	}
	agg, _ = segmentation.NewAggregator(segmentation.Options{})
	if err := agg.AddLedger(rev); err != nil {
		t.Fatal(err)
	}
	wantMixed(t, "AddLedger", agg.AddLedger(cost))

	// Merging aggregates of two kinds.
	a, _ := segmentation.AggregateLedger(rev, segmentation.Options{AsOf: at.Add(time.Hour)})
	b, _ := segmentation.AggregateLedger(cost, segmentation.Options{AsOf: at.Add(time.Hour)})
	wantMixed(t, "Merge", a.Merge(b))

	// Choosing a kind leaves the other out and counts it.
	agg, err = segmentation.AggregateSlice(txs, segmentation.Options{Kind: account.Revenue})
	if err != nil {
		t.Fatal(err)
	}
	if got := agg.Excluded().OtherKind; got != 1 {
		t.Errorf("Kind revenue: %d transactions of the other kind excluded, want 1", got)
	}
}
