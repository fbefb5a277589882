package clv

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/aggrows"
)

// meanUnits rounds as meanOf does, halves to even, over the whole range
// of a sum of units and of the repeat count; and a sum not more than zero
// never rounds to a positive mean.
func TestPropertyMeanUnits(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.OneOf(rapid.Int64Range(1, 4), rapid.Int64Range(1, MaxRepeats+1)).Draw(t, "n")
		v := rapid.OneOf(rapid.Int64Range(-20, 20), rapid.Int64Range(math.MinInt64+1, math.MaxInt64),
			rapid.Int64Range(math.MaxInt64-10, math.MaxInt64)).Draw(t, "v")
		got := meanUnits(v, n)
		if v <= 0 {
			if got > 0 {
				t.Fatalf("meanUnits(%d, %d) = %d, more than zero", v, n, got)
			}
			return
		}
		if want := meanOf(decimal.NewFromInt(v), int(n), 0); !decimal.NewFromInt(got).Equal(want) {
			t.Fatalf("meanUnits(%d, %d) = %d, meanOf %s", v, n, got, want)
		}
	})
}

func TestMeanUnitsHalves(t *testing.T) {
	for _, c := range []struct{ v, n, want int64 }{
		{1, 2, 0}, {3, 2, 2}, {5, 2, 2}, {7, 2, 4}, {4, 3, 1}, {5, 3, 2}, {6, 1, 6},
		{-1, 2, 0}, {-3, 2, -2}, {-1, 3, 0}, {-2, 3, -1},
		{math.MaxInt64, 1, math.MaxInt64}, {math.MaxInt64, 2, math.MaxInt64/2 + 1},
	} {
		if got := meanUnits(c.v, c.n); got != c.want {
			t.Errorf("meanUnits(%d, %d) = %d, want %d", c.v, c.n, got, c.want)
		}
	}
}

// meanRepeat gives the same Money on its paths: units of the minor unit,
// decimals when the row says a sum does not fit, decimals when the
// subtraction of the units would overflow, and decimals at 16 places for
// a currency with no minor unit (whose units are hundredths).
func TestMeanRepeatPaths(t *testing.T) {
	d := decimal.RequireFromString
	for _, c := range []struct {
		name string
		r    aggrows.Row
		n    int
		want string // "" for the zero Money
	}{
		{"units", aggrows.Row{Currency: "USD", Scale: 2, Sum: 1025, FirstSum: 500}, 2, "2.62"},
		{"units, half up to even", aggrows.Row{Currency: "USD", Scale: 2, Sum: 1035, FirstSum: 500}, 2, "2.68"},
		{"units, no repeat value", aggrows.Row{Currency: "USD", Scale: 2, Sum: 500, FirstSum: 500}, 1, ""},
		{"units, refunds", aggrows.Row{Currency: "USD", Scale: 2, Sum: 499, FirstSum: 500}, 1, ""},
		{"units, rounds to zero", aggrows.Row{Currency: "USD", Scale: 2, Sum: 501, FirstSum: 500}, 3, ""},
		{"units, smallest", aggrows.Row{Currency: "USD", Scale: 2, Sum: 502, FirstSum: 500}, 3, "0.01"},
		{"units, yen", aggrows.Row{Currency: "JPY", Scale: 0, Sum: 7, FirstSum: 0}, 2, "4"},
		{"units, dinar", aggrows.Row{Currency: "KWD", Scale: 3, Sum: 1001, FirstSum: 0}, 2, "0.5"},
		{"exact", aggrows.Row{Currency: "USD", Scale: 2, Exact: true, Total: d("10.255"), FirstTotal: d("5")}, 2, "2.63"},
		{"exact, refunds", aggrows.Row{Currency: "USD", Scale: 2, Exact: true, Total: d("4.999"), FirstTotal: d("5")}, 1, ""},
		{"exact, rounds to zero", aggrows.Row{Currency: "USD", Scale: 2, Exact: true, Total: d("5.004"), FirstTotal: d("5")}, 1, ""},
		{"overflow", aggrows.Row{Currency: "USD", Scale: 2, Sum: math.MaxInt64, FirstSum: -2}, 1, "92233720368547758.09"},
		{"overflow, below", aggrows.Row{Currency: "USD", Scale: 2, Sum: math.MinInt64 + 1, FirstSum: 2}, 1, ""},
		{"no minor unit", aggrows.Row{Currency: "XAU", Scale: 2, Sum: 100, FirstSum: 0}, 3, "0.3333333333333333"},
	} {
		got, err := meanRepeat(c.r, c.n)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if c.want == "" {
			if got != (account.Money{}) {
				t.Errorf("%s: %v, want the zero Money", c.name, got)
			}
			continue
		}
		if got.Currency() != c.r.Currency || !got.Amount().Equal(d(c.want)) {
			t.Errorf("%s: %v, want %s %s", c.name, got, c.r.Currency, c.want)
		}
	}
}

// Through the builder, in currencies of 0 and 3 places and with sums that
// do not fit int64 cents: the mean repeat value is exact on every path,
// and one period is no repeat, with no Last and no mean.
func TestBuildSummariesPaths(t *testing.T) {
	at := func(d int) time.Time { return time.Date(2026, 1, d, 12, 0, 0, 0, time.UTC) }
	in := func(id account.ID, d int, amount string, c account.Currency) account.Transaction {
		return account.Transaction{ID: "T", Account: id, At: at(d), Amount: money(t, amount, c), Kind: account.TransactionRevenue}
	}
	for _, c := range []struct {
		name string
		txs  []account.Transaction
		want Summary
	}{
		{"one period", []account.Transaction{in("a", 1, "5", "USD"), in("a", 1, "7", "USD")},
			Summary{Repeats: 0}},
		{"yen", []account.Transaction{in("a", 1, "100", "JPY"), in("a", 2, "5", "JPY"), in("a", 3, "2", "JPY")},
			Summary{Repeats: 2, Last: 48 * time.Hour, MeanValue: money(t, "4", "JPY")}},
		{"dinar", []account.Transaction{in("a", 1, "1", "KWD"), in("a", 2, "0.001", "KWD"), in("a", 5, "0.002", "KWD")},
			Summary{Repeats: 2, Last: 96 * time.Hour, MeanValue: money(t, "0.002", "KWD")}},
		{"huge", []account.Transaction{in("a", 1, "1", "USD"), in("a", 2, "92233720368547758.07", "USD"), in("a", 3, "92233720368547758.07", "USD")},
			Summary{Repeats: 2, Last: 48 * time.Hour, MeanValue: money(t, "92233720368547758.07", "USD")}},
		{"sub-cent", []account.Transaction{in("a", 1, "1", "USD"), in("a", 2, "0.015", "USD")},
			Summary{Repeats: 1, Last: 24 * time.Hour, MeanValue: money(t, "0.02", "USD")}},
	} {
		o := SummaryOptions{Unit: UnitDay, CalibrationEnd: buildEnd}
		c.want.ID, c.want.Unit, c.want.Age = "a", UnitDay, buildEnd.Sub(at(1))
		for name, build := range map[string]func() ([]Summary, error){
			"BuildSummaries":      func() ([]Summary, error) { return BuildSummaries(withNil(slices.Values(c.txs)), o) },
			"BuildSummariesSlice": func() ([]Summary, error) { return BuildSummariesSlice(c.txs, o) },
		} {
			got, err := build()
			if err != nil {
				t.Errorf("%s, %s: %v", c.name, name, err)
				continue
			}
			if len(got) != 1 || got[0].ID != c.want.ID || got[0].Repeats != c.want.Repeats || got[0].Last != c.want.Last || got[0].Age != c.want.Age ||
				got[0].MeanValue.Currency() != c.want.MeanValue.Currency() || !got[0].MeanValue.Amount().Equal(c.want.MeanValue.Amount()) {
				t.Errorf("%s, %s: %+v, want %+v", c.name, name, got, c.want)
			}
		}
	}
}

// The holdout counts distinct periods, not transactions, and counts a
// period of several transactions once; an account with no transaction in
// the holdout has 0.
func TestSummaryHoldoutCounts(t *testing.T) {
	hend := buildEnd.Add(14 * 24 * time.Hour)
	h := func(d, hour int) time.Time { return buildEnd.Add(time.Duration(d*24+hour) * time.Hour) }
	txs := []account.Transaction{
		tx(t, "a", day(1, 0), "1"), tx(t, "a", h(0, 1), "1"), tx(t, "a", h(0, 2), "1"), tx(t, "a", h(3, 1), "1"), tx(t, "a", h(13, 23), "1"),
		tx(t, "b", day(2, 0), "1"),
		tx(t, "c", day(3, 0), "1"), tx(t, "c", h(5, 0), "1"),
	}
	for _, u := range []struct {
		unit Unit
		want []int
	}{{UnitDay, []int{3, 0, 1}}, {UnitWeek, []int{2, 0, 1}}} {
		got, err := BuildSummariesSlice(txs, SummaryOptions{Unit: u.unit, CalibrationEnd: buildEnd, HoldoutEnd: hend})
		if err != nil {
			t.Fatal(err)
		}
		var counts []int
		for _, s := range got {
			counts = append(counts, s.HoldoutRepeats)
		}
		if !slices.Equal(counts, u.want) {
			t.Errorf("%v: holdout repeats %v, want %v", u.unit, counts, u.want)
		}
	}
}
