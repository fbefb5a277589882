package segmentation_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
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
	if err := agg.Add(tx("t1", account.TransactionRevenue)); err != nil {
		t.Fatal(err)
	}
	err = agg.Add(tx("t2", account.TransactionCost))
	wantMixed(t, "Add", err)
	wantField(t, "Add", err, account.FieldError{Record: "Transaction", ID: "t2", Field: "Kind", Err: segmentation.ErrMixedKinds})

	// A large slice, aggregated in parallel: the cost is far from the start.
	txs := make([]account.Transaction, 50_000)
	for i := range txs {
		txs[i] = tx(fmt.Sprint("r", i), account.TransactionRevenue)
	}
	txs[len(txs)-7] = tx("c", account.TransactionCost)
	_, err = segmentation.AggregateSlice(txs, segmentation.Options{})
	wantMixed(t, "AggregateSlice", err)

	// Ledgers of two kinds into one aggregator.
	rev, _ := segmentation.NewLedger("NZD", account.TransactionRevenue)
	cost, _ := segmentation.NewLedger("NZD", account.TransactionCost)
	if err := rev.Append(tx("r", account.TransactionRevenue)); err != nil {
		t.Fatal(err)
	}
	if err := cost.Append(tx("c", account.TransactionCost)); err != nil {
		t.Fatal(err)
	}
	agg, _ = segmentation.NewAggregator(segmentation.Options{})
	if err := agg.AddLedger(rev); err != nil {
		t.Fatal(err)
	}
	wantMixed(t, "AddLedger", agg.AddLedger(cost))

	// Merging aggregates of two kinds.
	a, _ := aggregateLedger(rev, segmentation.Options{AsOf: at.Add(time.Hour)})
	b, _ := aggregateLedger(cost, segmentation.Options{AsOf: at.Add(time.Hour)})
	wantMixed(t, "Merge", a.Merge(b))

	// Choosing a kind leaves the other out and counts it.
	agg, err = segmentation.AggregateSlice(txs, segmentation.Options{Kind: account.TransactionRevenue})
	if err != nil {
		t.Fatal(err)
	}
	if got := agg.Excluded().OtherKind; got != 1 {
		t.Errorf("Kind revenue: %d transactions of the other kind excluded, want 1", got)
	}
}

// A call that fails leaves the aggregator as it was: in particular it does
// not fix the kind of the aggregation, so a later call of the other kind
// is accepted.
func TestFailedCallRecordsNoKind(t *testing.T) {
	asOf := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	opts := segmentation.Options{AsOf: asOf, RejectFuture: true}
	tx := func(acct account.ID, k account.TransactionKind, at time.Time, amount string) account.Transaction {
		return account.Transaction{ID: "t-" + account.TransactionID(acct), Account: acct, At: at, Amount: account.MustParseMoney(amount), Kind: k}
	}
	revenue := tx("R", account.TransactionRevenue, asOf.Add(-time.Hour), "NZD 5")

	// AddLedger: cost rows, one after the analysis instant.
	cost, _ := segmentation.NewLedger("NZD", account.TransactionCost)
	for _, c := range []account.Transaction{tx("A", account.TransactionCost, asOf.Add(-time.Hour), "NZD 1"), tx("B", account.TransactionCost, asOf.Add(time.Hour), "NZD 2")} {
		if err := cost.Append(c); err != nil {
			t.Fatal(err)
		}
	}
	a, _ := segmentation.NewAggregator(opts)
	if err := a.AddLedger(cost); !errors.Is(err, segmentation.ErrFuture) {
		t.Fatalf("AddLedger: error %v, want ErrFuture", err)
	}
	if err := a.Add(revenue); err != nil {
		t.Errorf("Add of revenue after a failed AddLedger of cost: %v", err)
	}

	// Add: a cost transaction after the analysis instant.
	a, _ = segmentation.NewAggregator(opts)
	if err := a.Add(tx("A", account.TransactionCost, asOf.Add(time.Hour), "NZD 1")); !errors.Is(err, segmentation.ErrFuture) {
		t.Fatalf("Add: error %v, want ErrFuture", err)
	}
	if err := a.Add(revenue); err != nil {
		t.Errorf("Add of revenue after a failed Add of cost: %v", err)
	}

	// Add: a cost transaction in another currency than its account's.
	a, _ = segmentation.NewAggregator(opts)
	if err := a.AddPartial(segmentation.Partial{Account: "A", First: asOf.Add(-time.Hour), Last: asOf.Add(-time.Hour), Transactions: 1, Total: account.MustParseMoney("NZD 1")}); err != nil {
		t.Fatal(err)
	}
	if err := a.Add(tx("A", account.TransactionCost, asOf.Add(-time.Hour), "USD 1")); !errors.Is(err, account.ErrCurrencyMismatch) {
		t.Fatalf("Add: error %v, want ErrCurrencyMismatch", err)
	}
	if err := a.Add(revenue); err != nil {
		t.Errorf("Add of revenue after a failed Add of cost: %v", err)
	}
}

// AggregateSlice split over goroutines reports what adding the
// transactions one by one reports, even when each part is consistent and
// the problem only shows when the parts are merged: revenue in one part
// and cost in the other, or an account in NZD in one part and in USD in
// the other.
func TestAggregateSliceErrorsAcrossParts(t *testing.T) {
	defer atLeastTwoProcs()()
	at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	const n = 1 << 17 // over 2 × the smallest part, so the slice is split
	for _, c := range []struct {
		name   string
		second func(tx *account.Transaction) // changes the transactions of the second half
		want   error
	}{
		{"kinds", func(tx *account.Transaction) { tx.Kind = account.TransactionCost }, segmentation.ErrMixedKinds},
		{"currencies", func(tx *account.Transaction) { tx.Amount = account.MustParseMoney("USD 10") }, account.ErrCurrencyMismatch},
	} {
		txs := make([]account.Transaction, n)
		for i := range txs {
			txs[i] = account.Transaction{ID: account.TransactionID(fmt.Sprint("t", i)), Account: account.ID(fmt.Sprint("A", i%1000)),
				At: at, Amount: account.MustParseMoney("NZD 10"), Kind: account.TransactionRevenue}
			if i >= n/2 {
				c.second(&txs[i])
			}
		}
		_, want := segmentation.Aggregate(func(yield func(account.Transaction, error) bool) {
			for _, tx := range txs {
				if !yield(tx, nil) {
					return
				}
			}
		}, segmentation.Options{})
		if !errors.Is(want, c.want) {
			t.Fatalf("%s: one by one: error %v, want %v", c.name, want, c.want)
		}
		// The first transaction of the second half is at fault: by its ID
		// for the kinds, by its account for the currencies.
		var wfe, fe *account.FieldError
		var wce, ce *segmentation.CurrencyError
		if errors.As(want, &wfe) && wfe.ID != fmt.Sprint("t", n/2) || errors.As(want, &wce) && wce.Account != account.ID(fmt.Sprint("A", n/2%1000)) {
			t.Fatalf("%s: one by one: error %v does not name the first transaction of the second half", c.name, want)
		}
		_, err := segmentation.AggregateSlice(txs, segmentation.Options{})
		switch {
		case wfe != nil && errors.As(err, &fe):
			if diff := cmp.Diff(*fe, *wfe, cmpopts.EquateErrors()); diff != "" {
				t.Errorf("%s: AggregateSlice (-got +want):\n%s", c.name, diff)
			}
		case wce != nil && errors.As(err, &ce):
			if diff := cmp.Diff(*ce, *wce); diff != "" {
				t.Errorf("%s: AggregateSlice (-got +want):\n%s", c.name, diff)
			}
		default:
			t.Errorf("%s: AggregateSlice: error %v, want %v", c.name, err, want)
		}
	}
}

// Merging aggregates of two kinds names the aggregator's kind.
func TestMergeKindsError(t *testing.T) {
	at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	rev, _ := segmentation.NewLedger("NZD", account.TransactionRevenue)
	cost, _ := segmentation.NewLedger("NZD", account.TransactionCost)
	if err := rev.AppendUnits("A", at, 100); err != nil {
		t.Fatal(err)
	}
	if err := cost.AppendUnits("A", at, 100); err != nil {
		t.Fatal(err)
	}
	a, _ := aggregateLedger(rev, segmentation.Options{})
	b, _ := aggregateLedger(cost, segmentation.Options{})
	wantField(t, "Merge", a.Merge(b), account.FieldError{Record: "Aggregator", Field: "Kind", Err: segmentation.ErrMixedKinds})
	wantField(t, "Merge into itself", a.Merge(a), account.FieldError{Record: "Aggregator", Err: segmentation.ErrInvalid})
}

// Distinct calendar periods are told apart across years (March 2024 is not
// March 2025), and survive shipping an aggregate as partials.
func TestDistinctPeriodsAcrossYears(t *testing.T) {
	days := []time.Time{
		time.Date(2023, 3, 5, 0, 0, 0, 0, time.UTC), time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC),
		time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC), time.Date(2025, 3, 20, 0, 0, 0, 0, time.UTC),
		time.Date(2025, 3, 24, 0, 0, 0, 0, time.UTC), time.Date(2025, 4, 2, 0, 0, 0, 0, time.UTC),
	}
	for _, c := range []struct {
		f    segmentation.FrequencyBasis
		want int64
	}{
		{segmentation.FrequencyDistinctDays, 6},
		{segmentation.FrequencyDistinctWeeks, 6},
		{segmentation.FrequencyDistinctMonths, 4},
		{segmentation.FrequencyDistinctQuarters, 4},
		{segmentation.FrequencyDistinctYears, 3},
	} {
		opts := segmentation.Options{AsOf: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Frequency: c.f}
		a, _ := segmentation.NewAggregator(opts)
		for i, d := range days {
			if err := a.Add(account.Transaction{ID: account.TransactionID(fmt.Sprint(i)), Account: "A", At: d, Amount: account.MustParseMoney("NZD 1"), Kind: account.TransactionRevenue}); err != nil {
				t.Fatal(err)
			}
		}
		shipped, _ := segmentation.NewAggregator(opts)
		for p := range a.Partials() {
			// Each period is shipped as its first day: a Monday for weeks,
			// the 1st of a month, quarter or year.
			for _, d := range p.Dates {
				if c.f == segmentation.FrequencyDistinctWeeks && d.Weekday() != time.Monday ||
					c.f >= segmentation.FrequencyDistinctMonths && (d.Day() != 1 || (c.f == segmentation.FrequencyDistinctQuarters && d.Month()%3 != 1) ||
						(c.f == segmentation.FrequencyDistinctYears && d.Month() != time.January)) {
					t.Errorf("%v: partial date %v is not the first day of its period", c.f, d)
				}
			}
			if c.f == segmentation.FrequencyDistinctMonths {
				want := []time.Time{time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC),
					time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)}
				if diff := cmp.Diff(p.Dates, want); diff != "" {
					t.Errorf("months shipped (-got +want):\n%s", diff)
				}
			}
			if err := shipped.AddPartial(p); err != nil {
				t.Fatal(err)
			}
		}
		for name, agg := range map[string]*segmentation.Aggregator{"Add": a, "AddPartial": shipped} {
			tab, err := segmentation.Score(agg, segmentation.Scoring{})
			if err != nil {
				t.Fatal(err)
			}
			if got := tab.Row(0).Frequency; got != c.want {
				t.Errorf("%v, %s: frequency %d, want %d", c.f, name, got, c.want)
			}
		}
	}
}
