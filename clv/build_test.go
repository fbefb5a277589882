package clv

import (
	"cmp"
	"context"
	"errors"
	"iter"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/segmentation"
)

var buildEnd = time.Date(2026, 6, 30, 23, 59, 59, 999999999, time.UTC)

func money(t testing.TB, s string, c account.Currency) account.Money {
	m, err := account.NewMoney(decimal.RequireFromString(s), c)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func tx(t testing.TB, id account.ID, at time.Time, amount string) account.Transaction {
	return account.Transaction{ID: "T", Account: id, At: at, Amount: money(t, amount, "USD"), Kind: account.TransactionRevenue}
}

func day(d int, h int) time.Time { return time.Date(2026, 1, d, h, 0, 0, 0, time.UTC) }

func TestBuildSummaries(t *testing.T) {
	txs := []account.Transaction{
		tx(t, "a", day(1, 9), "10"), tx(t, "a", day(1, 17), "5"), // first day: 15
		tx(t, "a", day(3, 12), "7"), tx(t, "a", day(3, 13), "-2"), // day 3: 5
		tx(t, "a", day(10, 6), "0.25"),                                                      // day 10: 0.25 → repeat mean (5.25)/2 = 2.625 → 2.62
		tx(t, "b", day(2, 0), "3"),                                                          // one period
		tx(t, "c", day(5, 0), "4"), tx(t, "c", day(6, 0), "-1"), tx(t, "c", day(7, 0), "1"), // repeats net 0
		tx(t, "d", day(8, 0), "1"), tx(t, "d", day(9, 0), "0.01"), // repeat 0.01 over 1
		// holdout
		tx(t, "a", time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), "1"), tx(t, "a", time.Date(2026, 7, 1, 5, 0, 0, 0, time.UTC), "1"),
		tx(t, "a", time.Date(2026, 7, 9, 0, 0, 0, 0, time.UTC), "1"),
		tx(t, "e", time.Date(2026, 7, 2, 0, 0, 0, 0, time.UTC), "1"), // acquired in the holdout: no summary
		tx(t, "b", time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), "1"), // after the holdout: left out
	}
	hend := time.Date(2026, 7, 31, 0, 0, 0, 0, time.UTC)
	got, err := BuildSummaries(withNil(slices.Values(txs)), SummaryOptions{Unit: UnitDay, CalibrationEnd: buildEnd, HoldoutEnd: hend})
	if err != nil {
		t.Fatal(err)
	}
	h := hend.Sub(buildEnd)
	want := []Summary{
		{ID: "a", Unit: UnitDay, Repeats: 2, Last: day(10, 6).Sub(day(1, 9)), Age: buildEnd.Sub(day(1, 9)), MeanValue: money(t, "2.62", "USD"), HoldoutRepeats: 2, Holdout: h},
		{ID: "b", Unit: UnitDay, Age: buildEnd.Sub(day(2, 0)), Holdout: h},
		{ID: "c", Unit: UnitDay, Repeats: 2, Last: 2 * 24 * time.Hour, Age: buildEnd.Sub(day(5, 0)), Holdout: h},
		{ID: "d", Unit: UnitDay, Repeats: 1, Last: 24 * time.Hour, Age: buildEnd.Sub(day(8, 0)), MeanValue: money(t, "0.01", "USD"), Holdout: h},
	}
	if d := gocmp.Diff(want, got, gocmp.Comparer(func(a, b account.Money) bool {
		return a == b || a.Currency() == b.Currency() && a.Amount().Equal(b.Amount())
	})); d != "" {
		t.Fatalf("summaries (-want +got):\n%s", d)
	}
	for _, s := range got {
		if err := s.Validate(); err != nil {
			t.Error(err)
		}
	}
}

func TestMeanOf(t *testing.T) {
	for _, c := range []struct {
		v    string
		n, p int
		want string
	}{
		{"0.25", 2, 2, "0.12"}, {"0.35", 2, 2, "0.18"}, {"0.01", 3, 2, "0"}, {"0.02", 3, 2, "0.01"},
		{"5", 2, 0, "2"}, {"7", 2, 0, "4"}, {"1", 3, -1, "0.3333333333333333"}, {"10.5", 1, 2, "10.5"},
	} {
		if got := meanOf(decimal.RequireFromString(c.v), c.n, c.p); !got.Equal(decimal.RequireFromString(c.want)) {
			t.Errorf("meanOf(%s, %d, %d) = %s, want %s", c.v, c.n, c.p, got, c.want)
		}
	}
}

func TestSummaryBuilderErrors(t *testing.T) {
	field := func(err error) string {
		var fe *account.FieldError
		if !errors.As(err, &fe) || !errors.Is(err, ErrInvalid) {
			t.Fatalf("error %v is not a FieldError wrapping ErrInvalid", err)
		}
		return fe.Field
	}
	_, err := NewSummaryBuilder(SummaryOptions{CalibrationEnd: buildEnd})
	if f := field(err); f != "Unit" {
		t.Errorf("zero unit: field %s", f)
	}
	_, err = NewSummaryBuilder(SummaryOptions{Unit: UnitDay})
	if f := field(err); f != "CalibrationEnd" {
		t.Errorf("no calibration end: field %s", f)
	}
	// The holdout must end after the calibration: equal is refused, 1 ns
	// later is taken; at most MaxAge long.
	_, err = NewSummaryBuilder(SummaryOptions{Unit: UnitDay, CalibrationEnd: buildEnd, HoldoutEnd: buildEnd})
	if f := field(err); f != "HoldoutEnd" {
		t.Errorf("holdout end = calibration end: field %s", f)
	}
	_, err = NewSummaryBuilder(SummaryOptions{Unit: UnitDay, CalibrationEnd: buildEnd, HoldoutEnd: buildEnd.Add(-time.Hour)})
	if f := field(err); f != "HoldoutEnd" {
		t.Errorf("holdout end before calibration end: field %s", f)
	}
	if _, err := NewSummaryBuilder(SummaryOptions{Unit: UnitWeek, CalibrationEnd: buildEnd, HoldoutEnd: buildEnd.Add(1)}); err != nil {
		t.Errorf("holdout of 1 ns: %v", err)
	}
	if _, err := NewSummaryBuilder(SummaryOptions{Unit: UnitWeek, CalibrationEnd: buildEnd, HoldoutEnd: buildEnd.Add(MaxAge)}); err != nil {
		t.Errorf("holdout of MaxAge: %v", err)
	}
	_, err = NewSummaryBuilder(SummaryOptions{Unit: UnitDay, CalibrationEnd: buildEnd, HoldoutEnd: buildEnd.Add(MaxAge + 1)})
	if f := field(err); f != "HoldoutEnd" {
		t.Errorf("holdout longer than MaxAge: field %s", f)
	}
	// Mixed currencies: within an account, and across accounts.
	eur := account.Transaction{ID: "T", Account: "a", At: day(2, 0), Amount: money(t, "1", "EUR"), Kind: account.TransactionRevenue}
	b, _ := NewSummaryBuilder(SummaryOptions{Unit: UnitDay, CalibrationEnd: buildEnd})
	if err := b.Add(tx(t, "a", day(1, 0), "1")); err != nil {
		t.Fatal(err)
	}
	if err := b.Add(eur); !errors.Is(err, account.ErrCurrencyMismatch) || !errors.Is(err, ErrInvalid) {
		t.Errorf("two currencies in an account: %v", err)
	}
	eur.Account = "b"
	if err := b.Add(eur); err != nil {
		t.Fatal(err)
	}
	_, err = b.Summaries()
	var ce *segmentation.CurrencyError
	if !errors.As(err, &ce) || !errors.Is(err, ErrInvalid) || ce.Account != "a" || ce.Other != "b" {
		t.Errorf("two currencies across accounts: %v", err)
	}
}

// buildModel is the summary of each account computed the obvious way, in
// days in UTC.
func buildModel(txs []account.Transaction, end, hend time.Time) map[account.ID]Summary {
	type acc struct {
		first, last time.Time
		days        map[time.Time]decimal.Decimal
		hold        map[time.Time]bool
	}
	by := map[account.ID]*acc{}
	for _, tx := range txs {
		if tx.At.After(end) {
			continue
		}
		a := by[tx.Account]
		if a == nil {
			a = &acc{first: tx.At, last: tx.At, days: map[time.Time]decimal.Decimal{}, hold: map[time.Time]bool{}}
			by[tx.Account] = a
		}
		if tx.At.Before(a.first) {
			a.first = tx.At
		}
		if tx.At.After(a.last) {
			a.last = tx.At
		}
		d := tx.At.UTC().Truncate(24 * time.Hour)
		a.days[d] = a.days[d].Add(tx.Amount.Amount())
	}
	for _, tx := range txs {
		if a := by[tx.Account]; a != nil && tx.At.After(end) && !tx.At.After(hend) {
			a.hold[tx.At.UTC().Truncate(24*time.Hour)] = true
		}
	}
	out := map[account.ID]Summary{}
	for id, a := range by {
		s := Summary{ID: id, Unit: UnitDay, Repeats: len(a.days) - 1, Age: end.Sub(a.first), HoldoutRepeats: len(a.hold), Holdout: hend.Sub(end)}
		if s.Repeats > 0 {
			s.Last = a.last.Sub(a.first)
			fd := a.first.UTC().Truncate(24 * time.Hour)
			var rep decimal.Decimal
			for d, v := range a.days {
				if d != fd {
					rep = rep.Add(v)
				}
			}
			if rep.Sign() > 0 {
				if m := meanOf(rep, s.Repeats, 2); !m.IsZero() {
					s.MeanValue, _ = account.NewMoney(m, "USD")
				}
			}
		}
		out[id] = s
	}
	return out
}

func drawBuildTxs(t *rapid.T) []account.Transaction {
	ids := []account.ID{"a", "b", "c", "d", "e"}
	return rapid.SliceOfN(rapid.Custom(func(t *rapid.T) account.Transaction {
		at := buildEnd.Add(-time.Duration(rapid.Int64Range(-40*24*int64(time.Hour), 60*24*int64(time.Hour)).Draw(t, "back")))
		cents := rapid.Int64Range(-5000, 20000).Draw(t, "cents")
		m, _ := account.NewMoney(decimal.New(cents, -2), "USD")
		return account.Transaction{ID: "T", Account: rapid.SampledFrom(ids).Draw(t, "account"), At: at, Amount: m, Kind: account.TransactionRevenue}
	}), 0, 60).Draw(t, "txs")
}

func summaryMap(ss []Summary) map[account.ID]Summary {
	out := map[account.ID]Summary{}
	for _, s := range ss {
		out[s.ID] = s
	}
	return out
}

var moneyEqual = gocmp.Comparer(func(a, b account.Money) bool {
	return a == b || a.Currency() == b.Currency() && a.Amount().Equal(b.Amount())
})

// One pass equals the model; any split merged in any order, any input
// order, and the push-down path (Partials of the builder's Options) give
// the same summaries.
func TestPropertySummaryBuilder(t *testing.T) {
	hend := buildEnd.Add(30 * 24 * time.Hour)
	o := SummaryOptions{Unit: UnitDay, CalibrationEnd: buildEnd, HoldoutEnd: hend}
	rapid.Check(t, func(t *rapid.T) {
		txs := drawBuildTxs(t)
		one, err := BuildSummaries(withNil(slices.Values(txs)), o)
		if err != nil {
			t.Fatal(err)
		}
		if d := gocmp.Diff(buildModel(txs, buildEnd, hend), summaryMap(one), moneyEqual); d != "" {
			t.Fatalf("one pass differs from the model (-model +builder):\n%s", d)
		}
		if !slices.IsSortedFunc(one, func(a, b Summary) int { return cmp.Compare(a.ID, b.ID) }) {
			t.Fatalf("not in ID order")
		}
		sliced, err := BuildSummariesSlice(txs, o)
		if err != nil {
			t.Fatal(err)
		}
		if d := gocmp.Diff(one, sliced, moneyEqual); d != "" {
			t.Fatalf("BuildSummariesSlice differs from one pass:\n%s", d)
		}
		// Shuffled.
		shuffled, err := BuildSummaries(withNil(slices.Values(rapid.Permutation(txs).Draw(t, "order"))), o)
		if err != nil {
			t.Fatal(err)
		}
		if d := gocmp.Diff(one, shuffled, moneyEqual); d != "" {
			t.Fatalf("input order changes the summaries:\n%s", d)
		}
		// Split and merged.
		n := rapid.IntRange(1, 4).Draw(t, "parts")
		parts := make([]*SummaryBuilder, n)
		for i := range parts {
			parts[i], _ = NewSummaryBuilder(o)
		}
		for i, x := range txs {
			if err := parts[rapid.IntRange(0, n-1).Draw(t, "part"+string(rune('a'+i%26)))].Add(x); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range parts[1:] {
			if err := parts[0].Merge(p); err != nil {
				t.Fatal(err)
			}
		}
		merged, err := parts[0].Summaries()
		if err != nil {
			t.Fatal(err)
		}
		if d := gocmp.Diff(one, merged, moneyEqual); d != "" {
			t.Fatalf("split and merged differs from one pass:\n%s", d)
		}
		// Push-down: the Partials of segmentation aggregates of the
		// builder's Options.
		b, _ := NewSummaryBuilder(o)
		_, co, ho := b.Options()
		ca, err := segmentation.AggregateSlice(txs, co)
		if err != nil {
			t.Fatal(err)
		}
		ha, err := segmentation.AggregateSlice(txs, ho)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.AddPartials(withNil(ca.Partials()), withNil(ha.Partials())); err != nil {
			t.Fatal(err)
		}
		pushed, err := b.Summaries()
		if err != nil {
			t.Fatal(err)
		}
		if d := gocmp.Diff(one, pushed, moneyEqual); d != "" {
			t.Fatalf("push-down differs from one pass:\n%s", d)
		}
	})
}

func withNil[T any](seq func(func(T) bool)) func(func(T, error) bool) {
	return func(yield func(T, error) bool) {
		for v := range seq {
			if !yield(v, nil) {
				return
			}
		}
	}
}

// A transaction at HoldoutEnd is the holdout's; at CalibrationEnd the
// calibration's. CalibrationEnd's years are bounded at both edges.
func TestSummaryBuilderEdges(t *testing.T) {
	hend := buildEnd.Add(10 * 24 * time.Hour)
	got, err := BuildSummaries(withNil(slices.Values([]account.Transaction{
		tx(t, "a", day(1, 0), "1"), tx(t, "b", buildEnd, "1"), tx(t, "a", hend, "1"), tx(t, "a", hend.Add(1), "1"),
	})), SummaryOptions{Unit: UnitDay, CalibrationEnd: buildEnd, HoldoutEnd: hend})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].HoldoutRepeats != 1 || got[1].ID != "b" || got[1].Age != 0 {
		t.Fatalf("summaries %+v", got)
	}
	for _, c := range []struct {
		at time.Time
		ok bool
	}{
		{time.Date(1677, 12, 31, 0, 0, 0, 0, time.UTC), false}, {time.Date(1678, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{time.Date(2261, 12, 31, 0, 0, 0, 0, time.UTC), true}, {time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC), false},
	} {
		if _, err := NewSummaryBuilder(SummaryOptions{Unit: UnitDay, CalibrationEnd: c.at}); (err == nil) != c.ok {
			t.Errorf("CalibrationEnd %v: %v", c.at, err)
		}
	}
}

// partialStore pushes down with segmentation's own aggregation.
type partialStore []account.Transaction

func (s partialStore) Partials(_ context.Context, o segmentation.Options) iter.Seq2[segmentation.Partial, error] {
	a, err := segmentation.AggregateSlice(s, o)
	if err != nil {
		return func(yield func(segmentation.Partial, error) bool) { yield(segmentation.Partial{}, err) }
	}
	return withNil(a.Partials())
}

// SummariesFromStore gives what one pass gives; a store's error comes
// back as it is.
func TestSummariesFromStore(t *testing.T) {
	txs := []account.Transaction{tx(t, "a", day(1, 0), "5"), tx(t, "a", day(2, 0), "3"), tx(t, "a", buildEnd.Add(time.Hour), "1"), tx(t, "b", day(3, 0), "2")}
	o := SummaryOptions{Unit: UnitWeek, CalibrationEnd: buildEnd, HoldoutEnd: buildEnd.Add(7 * 24 * time.Hour)}
	want, err := BuildSummaries(withNil(slices.Values(txs)), o)
	if err != nil {
		t.Fatal(err)
	}
	got, err := SummariesFromStore(context.Background(), partialStore(txs), o)
	if err != nil {
		t.Fatal(err)
	}
	if d := gocmp.Diff(want, got, moneyEqual); d != "" {
		t.Fatalf("push-down (-one pass +store):\n%s", d)
	}
	bad := append(slices.Clone(txs), account.Transaction{ID: "T", Account: "a", At: day(4, 0), Amount: money(t, "1", "EUR"), Kind: account.TransactionRevenue})
	if _, err := SummariesFromStore(context.Background(), partialStore(bad), o); !errors.Is(err, account.ErrCurrencyMismatch) {
		t.Fatalf("store error: %v", err)
	}
}
