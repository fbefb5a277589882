package segmentation_test

import (
	"errors"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// firstModel returns, by account, the exact net sum of the counted
// transactions in the account's first day or period, found the obvious
// way: each transaction's period from its local date.
func firstModel(txs []account.Transaction, o segmentation.Options) map[account.ID]string {
	loc := o.Location
	if loc == nil {
		loc = time.UTC
	}
	key := func(t time.Time) int {
		t = t.In(loc)
		y, m, d := t.Date()
		switch o.Frequency {
		case segmentation.FrequencyDistinctDays:
			return y*10000 + int(m)*100 + d
		case segmentation.FrequencyDistinctWeeks:
			// The Monday of the ISO week.
			day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
			off := (int(day.Weekday()) + 6) % 7
			mon := day.AddDate(0, 0, -off)
			y, m, d = mon.Date()
			return y*10000 + int(m)*100 + d
		case segmentation.FrequencyDistinctMonths:
			return y*100 + int(m)
		case segmentation.FrequencyDistinctQuarters:
			return y*10 + (int(m)-1)/3
		}
		return y
	}
	type first struct {
		p   int
		sum decimal.Decimal
	}
	by := map[account.ID]*first{}
	for _, tx := range txs {
		if tx.At.After(o.AsOf) || (!o.Since.IsZero() && tx.At.Before(o.Since)) {
			continue
		}
		p := key(tx.At)
		f := by[tx.Account]
		switch {
		case f == nil || p < f.p:
			by[tx.Account] = &first{p, tx.Amount.Amount()}
		case p == f.p:
			f.sum = f.sum.Add(tx.Amount.Amount())
		}
	}
	out := map[account.ID]string{}
	for id, f := range by {
		out[id] = f.sum.String()
	}
	return out
}

// firstsOf returns each account's FirstTotal from a's Partials.
func firstsOf(a *segmentation.Aggregator) map[account.ID]string {
	out := map[account.ID]string{}
	for p := range a.Partials() {
		out[p.Account] = p.FirstTotal.Amount().String()
	}
	return out
}

// The first period's value is the same on every path: Add, AggregateSlice
// (split over goroutines and merged), a Ledger (scanned directly or in
// parallel), any split merged in any order, and Partials shipped in any
// order; and it is the model's.
func TestPropertyFirstTotal(t *testing.T) {
	defer segmentation.SetParallelMin(4)()
	defer atLeastTwoProcs()()
	locs := []*time.Location{time.UTC, time.FixedZone("minus 11", -11*3600), time.FixedZone("plus 13", 13*3600)}
	rapid.Check(t, func(t *rapid.T) {
		txs := rapid.SliceOfN(txGen(true), 0, 120).Draw(t, "txs")
		opts := segmentation.Options{AsOf: propAsOf, Frequency: segmentation.FrequencyBasis(rapid.IntRange(1, 5).Draw(t, "frequency")),
			Location: rapid.SampledFrom(locs).Draw(t, "location")}
		if rapid.Bool().Draw(t, "since") {
			opts.Since = propAsOf.Add(-time.Duration(rapid.Int64Range(0, 800*24*int64(time.Hour)).Draw(t, "window")))
		}
		want := firstModel(txs, opts)
		seq, err1 := segmentation.Aggregate(func(yield func(account.Transaction, error) bool) {
			for _, tx := range txs {
				if !yield(tx, nil) {
					return
				}
			}
		}, opts) // Add, one at a time
		par, err2 := segmentation.AggregateSlice(txs, opts)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		// A ledger of the whole into a fresh aggregator, and one of a
		// drawn tail into an aggregator that holds the head: the direct,
		// parallel and absorbing paths.
		h := rapid.IntRange(0, len(txs)).Draw(t, "head")
		whole, _ := segmentation.NewLedger("USD", account.TransactionRevenue)
		tail, _ := segmentation.NewLedger("USD", account.TransactionRevenue)
		for i, tx := range txs {
			if err := whole.Append(tx); err != nil {
				t.Fatal(err)
			}
			if i >= h {
				if err := tail.Append(tx); err != nil {
					t.Fatal(err)
				}
			}
		}
		led, _ := segmentation.NewAggregator(opts)
		if err := led.AddLedger(whole); err != nil {
			t.Fatal(err)
		}
		mixed, _ := segmentation.NewAggregator(opts)
		for _, tx := range txs[:h] {
			if err := mixed.Add(tx); err != nil {
				t.Fatal(err)
			}
		}
		if err := mixed.AddLedger(tail); err != nil {
			t.Fatal(err)
		}
		// A split merged in a drawn order.
		parts := rapid.IntRange(1, 4).Draw(t, "parts")
		aggs := make([]*segmentation.Aggregator, parts)
		for i := range aggs {
			aggs[i], _ = segmentation.NewAggregator(opts)
		}
		for i, tx := range txs {
			if err := aggs[rapid.IntRange(0, parts-1).Draw(t, "part"+string(rune('a'+i%26)))].Add(tx); err != nil {
				t.Fatal(err)
			}
		}
		merged, _ := segmentation.NewAggregator(opts)
		for _, i := range rapid.Permutation(rapidRange(parts)).Draw(t, "merge order") {
			if err := merged.Merge(aggs[i]); err != nil {
				t.Fatal(err)
			}
		}
		// Partials of the split parts, shipped in a drawn order.
		var ps []segmentation.Partial
		for _, a := range aggs {
			for p := range a.Partials() {
				ps = append(ps, p)
			}
		}
		shipped, _ := segmentation.NewAggregator(opts)
		for _, p := range rapid.Permutation(ps).Draw(t, "ship order") {
			if err := shipped.AddPartial(p); err != nil {
				t.Fatal(err)
			}
		}
		for name, a := range map[string]*segmentation.Aggregator{"add": seq, "slice": par, "ledger": led, "head+ledger": mixed, "merge": merged, "partials": shipped} {
			if diff := gocmp.Diff(want, firstsOf(a)); diff != "" {
				t.Fatalf("%s: first-period totals differ (-model +%s):\n%s", name, name, diff)
			}
		}
	})
}

func rapidRange(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// A partial's FirstTotal in another currency than its Total is refused,
// naming the field; the zero Money is taken as zero.
func TestAddPartialFirstTotal(t *testing.T) {
	opts := segmentation.Options{AsOf: propAsOf, Frequency: segmentation.FrequencyDistinctDays}
	a, _ := segmentation.NewAggregator(opts)
	at := propAsOf.Add(-time.Hour)
	usd := func(s string) account.Money { m, _ := account.NewMoney(decimal.RequireFromString(s), "USD"); return m }
	eur, _ := account.NewMoney(decimal.RequireFromString("1"), "EUR")
	p := segmentation.Partial{Account: "a", First: at, Last: at, Transactions: 1, Total: usd("5"), Dates: []time.Time{at}, FirstTotal: eur}
	err := a.AddPartial(p)
	var fe *account.FieldError
	if !errors.As(err, &fe) || fe.Field != "FirstTotal" {
		t.Fatalf("FirstTotal in EUR: %v", err)
	}
	p.FirstTotal = account.Money{}
	if err := a.AddPartial(p); err != nil {
		t.Fatal(err)
	}
	if got := firstsOf(a)["a"]; got != "0" {
		t.Fatalf("zero FirstTotal: %s", got)
	}
}
