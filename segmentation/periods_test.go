package segmentation_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/aggrows"
	"github.com/keyaccount/keyaccount/segmentation"
)

var periodBases = []segmentation.FrequencyBasis{segmentation.FrequencyTransactions, segmentation.FrequencyDistinctDays,
	segmentation.FrequencyDistinctWeeks, segmentation.FrequencyDistinctMonths, segmentation.FrequencyDistinctQuarters,
	segmentation.FrequencyDistinctYears}

// Partials fill Periods with the number of Dates, at least 1, whenever
// the Options count distinct days or periods, and leave it 0 otherwise;
// the rows clv reads (internal/aggrows) carry the same aggregates as the
// Partials, in the same order, without the dates.
func TestPropertyPartialPeriods(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		txs := rapid.SliceOfN(txGen(false), 1, 80).Draw(t, "txs")
		o := segmentation.Options{AsOf: propAsOf, Frequency: rapid.SampledFrom(periodBases).Draw(t, "frequency")}
		a, err := segmentation.AggregateSlice(txs, o)
		if err != nil {
			t.Fatal(err)
		}
		var fromRows []segmentation.Partial
		for r := range aggrows.Of(a) {
			total, first := r.Total, r.FirstTotal
			if !r.Exact {
				total, first = decimal.New(r.Sum, -r.Scale), decimal.New(r.FirstSum, -r.Scale)
			}
			p := segmentation.Partial{Account: account.ID(r.Account), First: time.Unix(0, r.First).UTC(), Last: time.Unix(0, r.Last).UTC(),
				Transactions: r.Transactions, Periods: r.Periods, Total: mustMoney(t, total, r.Currency)}
			if o.Frequency != segmentation.FrequencyTransactions {
				p.FirstTotal = mustMoney(t, first, r.Currency)
			}
			fromRows = append(fromRows, p)
		}
		var parts []segmentation.Partial
		for p := range a.Partials() {
			switch {
			case o.Frequency == segmentation.FrequencyTransactions && (p.Periods != 0 || p.Dates != nil):
				t.Fatalf("%s: Periods %d, %d Dates counting transactions", p.Account, p.Periods, len(p.Dates))
			case o.Frequency != segmentation.FrequencyTransactions && (p.Periods < 1 || p.Periods != int64(len(p.Dates))):
				t.Fatalf("%s: Periods %d for %d Dates", p.Account, p.Periods, len(p.Dates))
			}
			p.Dates = nil
			parts = append(parts, p)
		}
		if d := gocmp.Diff(parts, fromRows, moneyNumbers); d != "" {
			t.Fatalf("rows differ from Partials (-Partials +rows):\n%s", d)
		}
	})
}

var moneyNumbers = gocmp.Comparer(func(a, b account.Money) bool {
	return a.Currency() == b.Currency() && a.Amount().Equal(b.Amount())
})

func mustMoney(t interface{ Fatal(...any) }, d decimal.Decimal, c account.Currency) account.Money {
	m, err := account.NewMoney(d, c)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// AddPartial takes a Periods of 0 (not given) or the number of distinct
// periods of Dates, two instants of one period counting once; one more or
// one less, or a negative count, is a FieldError naming Periods, and the
// aggregator is left unchanged.
func TestAddPartialPeriods(t *testing.T) {
	at := func(d, h int) time.Time { return time.Date(2026, 1, d, h, 0, 0, 0, time.UTC) }
	usd := mustMoney(t, decimal.NewFromInt(10), "USD")
	// Jan 5 and 6 2026 are a Monday and a Tuesday: one week, two days.
	dates := []time.Time{at(5, 9), at(5, 17), at(6, 8)}
	for _, c := range []struct {
		f       segmentation.FrequencyBasis
		periods int64
		ok      bool
	}{
		{segmentation.FrequencyDistinctDays, 0, true},
		{segmentation.FrequencyDistinctDays, 2, true},
		{segmentation.FrequencyDistinctDays, 1, false},
		{segmentation.FrequencyDistinctDays, 3, false},
		{segmentation.FrequencyDistinctDays, -1, false},
		{segmentation.FrequencyDistinctWeeks, 1, true},
		{segmentation.FrequencyDistinctWeeks, 2, false},
		{segmentation.FrequencyTransactions, 0, true},
		{segmentation.FrequencyTransactions, 7, true}, // not used when counting transactions
		{segmentation.FrequencyTransactions, -1, false},
	} {
		a, err := segmentation.NewAggregator(segmentation.Options{AsOf: at(31, 0), Frequency: c.f})
		if err != nil {
			t.Fatal(err)
		}
		p := segmentation.Partial{Account: "a", First: at(5, 9), Last: at(6, 8), Transactions: 3, Total: usd, FirstTotal: usd,
			Dates: slices.Clone(dates), Periods: c.periods}
		err = a.AddPartial(p)
		if c.ok {
			if err != nil {
				t.Errorf("%v, Periods %d: %v", c.f, c.periods, err)
			}
			continue
		}
		var fe *account.FieldError
		if !errors.As(err, &fe) || !errors.Is(err, segmentation.ErrInvalid) || fe.Field != "Periods" || fe.Record != "Partial" || fe.ID != "a" {
			t.Errorf("%v, Periods %d: %v, want a FieldError naming Periods", c.f, c.periods, err)
		}
		if a.Len() != 0 {
			t.Errorf("%v, Periods %d: the refused partial changed the aggregator", c.f, c.periods)
		}
	}
}

// A Partial shipped with its Periods merges into another aggregator as
// the transactions would: the counts of the merge are recomputed from the
// dates, not added.
func TestPartialPeriodsMerge(t *testing.T) {
	o := segmentation.Options{AsOf: propAsOf, Frequency: segmentation.FrequencyDistinctDays}
	day := func(d int) time.Time { return propAsOf.AddDate(0, 0, -d) }
	usd := mustMoney(t, decimal.NewFromInt(1), "USD")
	mk := func(d int) account.Transaction {
		return account.Transaction{ID: "T", Account: "a", At: day(d), Amount: usd, Kind: account.TransactionRevenue}
	}
	left, err := segmentation.AggregateSlice([]account.Transaction{mk(5), mk(3)}, o)
	if err != nil {
		t.Fatal(err)
	}
	right, err := segmentation.AggregateSlice([]account.Transaction{mk(3), mk(1)}, o)
	if err != nil {
		t.Fatal(err)
	}
	for p := range right.Partials() {
		if err := left.AddPartial(p); err != nil {
			t.Fatal(err)
		}
	}
	for p := range left.Partials() {
		if p.Periods != 3 || len(p.Dates) != 3 {
			t.Fatalf("merged: Periods %d, %d Dates, want 3 (days 5, 3, 1)", p.Periods, len(p.Dates))
		}
	}
}

// FuzzAddPartialPeriods feeds AddPartial a Partial of three dates from
// outside input and any Periods: it never panics, and it accepts the
// Partial exactly when Periods is 0 or the number of distinct periods the
// dates' transactions make when added one by one (another route to the
// count), refusing any other with a FieldError naming Periods.
func FuzzAddPartialPeriods(f *testing.F) {
	base := time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC).UnixNano()
	day := int64(24 * time.Hour)
	f.Add(base, base+day, base+day+1, int64(2), uint8(1))
	f.Add(base, base, base, int64(1), uint8(2))
	f.Add(base, base+7*day, base+40*day, int64(3), uint8(3))
	f.Add(base, base+day, base+2*day, int64(-1), uint8(1))
	f.Add(base, base+day, base+2*day, int64(4), uint8(5))
	f.Fuzz(func(t *testing.T, d1, d2, d3, periods int64, freq uint8) {
		o := segmentation.Options{AsOf: time.Unix(0, base+400*day), Frequency: segmentation.FrequencyBasis(freq % 6)}
		dates := []time.Time{time.Unix(0, d1), time.Unix(0, d2), time.Unix(0, d3)}
		first, last := slices.MinFunc(dates, time.Time.Compare), slices.MaxFunc(dates, time.Time.Compare)
		usd := mustMoney(t, decimal.NewFromInt(1), "USD")
		byTx, err := segmentation.NewAggregator(o)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range dates {
			if err := byTx.Add(account.Transaction{ID: "T", Account: "a", At: d, Amount: usd, Kind: account.TransactionRevenue}); err != nil {
				return // dates out of range or after AsOf: not this target's subject
			}
		}
		var distinct int64
		for p := range byTx.Partials() {
			distinct = p.Periods
		}
		a, err := segmentation.NewAggregator(o)
		if err != nil {
			t.Fatal(err)
		}
		err = a.AddPartial(segmentation.Partial{Account: "a", First: first, Last: last, Transactions: 3, Total: usd, Dates: dates, Periods: periods})
		ok := periods == 0 || periods == distinct && periods > 0 || o.Frequency == segmentation.FrequencyTransactions && periods > 0
		var fe *account.FieldError
		switch {
		case ok && err != nil:
			t.Fatalf("Periods %d of %d distinct refused: %v", periods, distinct, err)
		case !ok && (!errors.As(err, &fe) || fe.Field != "Periods" || !errors.Is(err, segmentation.ErrInvalid)):
			t.Fatalf("Periods %d of %d distinct: %v, want a FieldError naming Periods", periods, distinct, err)
		}
	})
}

// A first period held exactly (a FirstTotal finer than a cent, from a
// Partial) beside a Total in whole cents reaches the rows exactly, as the
// Partials carry it.
func TestRowsExactFirstPeriod(t *testing.T) {
	o := segmentation.Options{AsOf: propAsOf, Frequency: segmentation.FrequencyDistinctDays}
	a, err := segmentation.NewAggregator(o)
	if err != nil {
		t.Fatal(err)
	}
	first, last := propAsOf.AddDate(0, 0, -3), propAsOf.AddDate(0, 0, -1)
	p := segmentation.Partial{Account: "a", First: first, Last: last, Transactions: 2, Periods: 2, Dates: []time.Time{first, last},
		Total: mustMoney(t, decimal.RequireFromString("1.00"), "USD"), FirstTotal: mustMoney(t, decimal.RequireFromString("0.005"), "USD")}
	if err := a.AddPartial(p); err != nil {
		t.Fatal(err)
	}
	for r := range aggrows.Of(a) {
		if !r.Exact || !r.FirstTotal.Equal(decimal.RequireFromString("0.005")) || !r.Total.Equal(decimal.RequireFromString("1")) || r.Periods != 2 {
			t.Fatalf("row %+v, want exact sums 1 and 0.005 over 2 periods", r)
		}
	}
}
