package segmentation_test

import (
	"context"
	"errors"
	"iter"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/shopspring/decimal"
)

// fixedPartials is a push-down store whose Partials are given: what a
// store (or a database someone else filled) may hand over.
type fixedPartials []segmentation.Partial

func (fixedPartials) Transactions(context.Context, account.TransactionFilter) iter.Seq2[account.Transaction, error] {
	return func(func(account.Transaction, error) bool) {}
}

func (f fixedPartials) Partials(context.Context, segmentation.Options) iter.Seq2[segmentation.Partial, error] {
	return func(yield func(segmentation.Partial, error) bool) {
		for _, p := range f {
			if !yield(p, nil) {
				return
			}
		}
	}
}

// FuzzServicePartials feeds a Service two Partials built from outside
// input, as a store hands them over: it never panics; it either scores
// them, with every account's counts and first and last instants as
// given, or returns an error wrapping ErrInvalid.
func FuzzServicePartials(f *testing.F) {
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()
	day := int64(24 * time.Hour)
	f.Add("A", base, base+day, int64(2), "10.005", "EUR", "B", base, base, int64(1), "-3", "EUR", uint8(0), uint8(0), base+10*day, int64(0))
	f.Add("A", base, base+day, int64(2), "10.005", "EUR", "A", base, base, int64(1), "-3", "USD", uint8(1), uint8(1), int64(0), base)
	f.Add("A", base, base-1, int64(0), "1e40", "XXX", "", int64(0), base, int64(-1), "x", "eur", uint8(6), uint8(2), base, base+1)
	f.Add("Ä", base, base, int64(4294967295), "0.0000000001", "JPY", "Ä", base, base, int64(1), "1", "JPY", uint8(3), uint8(1), base, base)
	f.Fuzz(func(t *testing.T, a1 string, first1, last1, n1 int64, amt1, cur1 string,
		a2 string, first2, last2, n2 int64, amt2, cur2 string, freq, monetary uint8, asOf, since int64) {
		part := func(acct string, first, last, n int64, amt, cur string) segmentation.Partial {
			d, err := decimal.NewFromString(amt)
			if err != nil || d.NumDigits() > 60 || d.Exponent() < -60 || d.Exponent() > 60 {
				d = decimal.NewFromInt(1)
			}
			m, _ := account.NewMoney(d, account.Currency(cur)) // the zero Money for a bad code: AddPartial must refuse it
			return segmentation.Partial{Account: account.ID(acct), First: time.Unix(0, first), Last: time.Unix(0, last),
				Transactions: n, Total: m, Dates: []time.Time{time.Unix(0, first), time.Unix(0, last)}}
		}
		parts := fixedPartials{part(a1, first1, last1, n1, amt1, cur1), part(a2, first2, last2, n2, amt2, cur2)}
		o := segmentation.Options{Frequency: segmentation.FrequencyBasis(freq), Monetary: segmentation.MonetaryBasis(monetary)}
		if asOf != 0 {
			o.AsOf = time.Unix(0, asOf)
		}
		if since != 0 {
			o.Since = time.Unix(0, since)
		}
		tab, err := segmentation.NewService(parts).RFM(context.Background(), o, segmentation.Scoring{K: 2})
		if err != nil {
			if !errors.Is(err, segmentation.ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		want := map[account.ID]int64{}
		for _, p := range parts {
			want[p.Account] += p.Transactions
		}
		if tab.Len() != len(want) {
			t.Fatalf("%d rows for %d accounts", tab.Len(), len(want))
		}
		for _, r := range tab.All() {
			if r.Transactions != want[r.Account] {
				t.Errorf("%s: %d transactions, want %d", r.Account, r.Transactions, want[r.Account])
			}
			for _, p := range parts {
				if p.Account == r.Account && (p.First.Before(r.First) || p.Last.After(r.Last)) {
					t.Errorf("%s: first %v and last %v do not span the Partial's %v to %v", r.Account, r.First, r.Last, p.First, p.Last)
				}
			}
		}
	})
}
