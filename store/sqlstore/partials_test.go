package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/keyaccount/keyaccount/store/storetest"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

func TestPartialsConformance(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		storetest.RunPartials(t, func(t *testing.T) storetest.PushDownStore { return newTestStore(t, d) })
	})
}

// mustLoad returns the IANA location name.
func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("time zone %s: %v", name, err)
	}
	return loc
}

// pushDown feeds the Partials of s under o to a new Aggregator.
func pushDown(ctx context.Context, s *Store, o segmentation.Options) (*segmentation.Aggregator, error) {
	agg, err := segmentation.NewAggregator(o)
	if err != nil {
		return nil, err
	}
	for p, err := range s.Partials(ctx, o) {
		if err != nil {
			return nil, err
		}
		if err := agg.AddPartial(p); err != nil {
			return nil, err
		}
	}
	return agg, nil
}

// explained reports whether err, push-down's failure, is one that the
// data gives under o (when several apply, either path may report any).
func explained(err error, txs []account.Transaction, o segmentation.Options) bool {
	kinds := map[account.TransactionKind]bool{}
	curs := map[account.ID]map[account.Currency]bool{}
	future := false
	for _, tx := range txs {
		kinds[tx.Kind] = true
		if o.Kind != 0 && tx.Kind != o.Kind {
			continue
		}
		if !o.AsOf.IsZero() && tx.At.After(o.AsOf) {
			future = future || o.RejectFuture
			continue
		}
		if !o.Since.IsZero() && tx.At.Before(o.Since) {
			continue
		}
		if curs[tx.Account] == nil {
			curs[tx.Account] = map[account.Currency]bool{}
		}
		curs[tx.Account][tx.Amount.Currency()] = true
	}
	var ce *segmentation.CurrencyError
	switch {
	case errors.As(err, &ce):
		return len(curs[ce.Account]) > 1
	case errors.Is(err, segmentation.ErrMixedKinds):
		return o.Kind == 0 && len(kinds) > 1
	case errors.Is(err, segmentation.ErrFuture):
		return future
	}
	return false
}

// equalValues compares Money, decimals and times by value.
var equalValues = gocmp.Options{
	gocmp.Comparer(func(a, b account.Money) bool { return a.Equal(b) }),
	gocmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
	gocmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
}

// TestPartialsMatchMemory checks on random data that push-down gives
// exactly what the in-memory path gives, in every time zone the test
// draws (both dialects push down IANA zones; SQLite also a FixedZone),
// with sub-cent amounts, refunds, several currencies, both kinds, every
// frequency basis and window edges on, a nanosecond or a microsecond
// beside transactions: the same aggregate, the same scored table, or
// failures of the same kind.
func TestPartialsMatchMemory(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := context.Background()
		locs := []*time.Location{nil, time.UTC, mustLoad(t, "Europe/Berlin"), mustLoad(t, "America/Santiago"), mustLoad(t, "Australia/Lord_Howe")}
		if d == DialectSQLite {
			locs = append(locs, time.FixedZone("UTC+05:45", 5*3600+45*60))
		}
		genLoc := rapid.SampledFrom(locs)
		rapid.Check(t, func(t *rapid.T) {
			if _, err := s.DB().ExecContext(ctx, "DELETE FROM ka_transactions"); err != nil {
				t.Fatal(err)
			}
			txs := randomTxs(t, genLoc)
			if len(txs) > 0 {
				if err := s.AddTransactions(ctx, txs...); err != nil {
					t.Fatal(err)
				}
			}
			o := segmentation.Options{
				Kind:         rapid.SampledFrom([]account.TransactionKind{0, account.TransactionRevenue, account.TransactionCost}).Draw(t, "kind"),
				Location:     genLoc.Draw(t, "location"),
				Frequency:    segmentation.FrequencyBasis(rapid.IntRange(0, int(segmentation.FrequencyDistinctYears)).Draw(t, "frequency")),
				Monetary:     segmentation.MonetaryBasis(rapid.IntRange(0, 1).Draw(t, "monetary")),
				RejectFuture: rapid.Bool().Draw(t, "reject future"),
				Since:        randomEdge(t, txs, "since"),
				AsOf:         randomEdge(t, txs, "as of"),
			}
			if !o.Since.IsZero() && !o.AsOf.IsZero() && o.Since.After(o.AsOf) {
				o.Since, o.AsOf = o.AsOf, o.Since
			}
			mem, memErr := segmentation.Aggregate(s.Transactions(ctx, account.TransactionFilter{}), o)
			pd, pdErr := pushDown(ctx, s, o)
			if errors.Is(pdErr, errors.ErrUnsupported) {
				t.Fatalf("Partials declines %v: %v", o.Location, pdErr)
			}
			if memErr != nil || pdErr != nil {
				if memErr == nil || pdErr == nil || !explained(pdErr, txs, o) {
					t.Fatalf("in-memory: %v; push-down: %v", memErr, pdErr)
				}
				return
			}
			if diff := gocmp.Diff(collectPartials(mem), collectPartials(pd), equalValues); diff != "" {
				t.Fatalf("aggregates differ (-in-memory +push-down):\n%s", diff)
			}
			tm, errM := segmentation.Score(mem, segmentation.Scoring{K: 3})
			tp, errP := segmentation.Score(pd, segmentation.Scoring{K: 3})
			if (errM == nil) != (errP == nil) {
				t.Fatalf("Score: in-memory %v, push-down %v", errM, errP)
			}
			if errM == nil {
				if diff := gocmp.Diff(rowsOf(tm), rowsOf(tp), equalValues); diff != "" {
					t.Fatalf("scored tables differ (-in-memory +push-down):\n%s", diff)
				}
			}
		})
	})
}

func collectPartials(a *segmentation.Aggregator) []segmentation.Partial {
	var out []segmentation.Partial
	for p := range a.Partials() {
		out = append(out, p)
	}
	return out
}

func rowsOf(t *segmentation.Table) []segmentation.Row {
	var out []segmentation.Row
	for _, r := range t.All() {
		out = append(out, r)
	}
	return out
}

// randomTxs draws up to 5 accounts of 1 to 5 transactions: amounts in
// cents, sub-cent or with trailing zeros, refunds, one currency mostly
// (sometimes one per account, or a second in an account), both kinds
// sometimes, instants at local midnights and DST changes, to the
// microsecond.
func randomTxs(t *rapid.T, genLoc *rapid.Generator[*time.Location]) []account.Transaction {
	accts := rapid.SliceOfNDistinct(rapid.SampledFrom([]account.ID{"A", "B", "a", "Ä", "z9"}), 0, 5, rapid.ID).Draw(t, "accounts")
	curs := rapid.SampledFrom([]account.Currency{"EUR", "JPY", "KWD", "XXX"})
	portfolio := curs.Draw(t, "currency")
	perAccount := rapid.Bool().Draw(t, "a currency per account")
	bothKinds := rapid.IntRange(0, 3).Draw(t, "both kinds") == 0
	var txs []account.Transaction
	for i, acct := range accts {
		cur := portfolio
		if perAccount {
			cur = curs.Draw(t, "account currency")
		}
		for j := range rapid.IntRange(1, 5).Draw(t, "transactions") {
			c := cur
			if rapid.IntRange(0, 15).Draw(t, "second currency") == 0 {
				c = curs.Draw(t, "other currency")
			}
			kind := account.TransactionRevenue
			if bothKinds && rapid.Bool().Draw(t, "cost") {
				kind = account.TransactionCost
			}
			var amount decimal.Decimal
			switch rapid.IntRange(0, 3).Draw(t, "amount form") {
			case 0:
				amount = decimal.New(rapid.Int64Range(-50_000, 500_000).Draw(t, "cents"), -2)
			case 1:
				amount = decimal.New(rapid.Int64Range(-5_000, 50_000).Draw(t, "fraction"), -rapid.Int32Range(3, 9).Draw(t, "places"))
			case 2:
				amount = decimal.New(rapid.Int64Range(-100, 1000).Draw(t, "units")*1000, -rapid.Int32Range(1, 5).Draw(t, "zeros"))
			default:
				amount = decimal.New(rapid.Int64Range(1e17, 9e18).Draw(t, "large"), -2)
			}
			m, err := account.NewMoney(amount, c)
			if err != nil {
				t.Fatal(err)
			}
			loc := genLoc.Draw(t, "zone of instant")
			if loc == nil {
				loc = time.UTC
			}
			at := time.Date(2024, time.Month(rapid.SampledFrom([]int{1, 3, 4, 9, 10, 12}).Draw(t, "month")),
				rapid.SampledFrom([]int{1, 6, 7, 8, 29, 30, 31}).Draw(t, "day"),
				rapid.SampledFrom([]int{0, 0, 1, 2, 3, 23}).Draw(t, "hour"), rapid.SampledFrom([]int{0, 59}).Draw(t, "minute"), 0,
				rapid.SampledFrom([]int{0, 1000, 999_999_000}).Draw(t, "ns"), loc)
			txs = append(txs, account.Transaction{ID: account.TransactionID(fmt.Sprintf("t%d-%d", i, j)), Account: acct, At: at, Amount: m, Kind: kind})
		}
	}
	return txs
}

// randomEdge draws a window edge: none, a transaction's instant, or a
// nanosecond or microsecond beside one.
func randomEdge(t *rapid.T, txs []account.Transaction, label string) time.Time {
	if len(txs) == 0 || rapid.Bool().Draw(t, label+" none") {
		return time.Time{}
	}
	at := rapid.SampledFrom(txs).Draw(t, label).At
	return at.Add(rapid.SampledFrom([]time.Duration{0, -time.Nanosecond, time.Nanosecond, -time.Microsecond, time.Microsecond}).Draw(t, label+" offset"))
}

// TestPartialsUnsupported checks the time zones PostgreSQL cannot name:
// an error wrapping errors.ErrUnsupported, as the first and only pair,
// when dates are needed; none for a count of transactions. SQLite takes
// them all.
func TestPartialsUnsupported(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	data, err := os.ReadFile("/usr/share/zoneinfo/Europe/Berlin")
	if err != nil {
		t.Skipf("no tz data file: %v", err)
	}
	renamed, err := time.LoadLocationFromTZData("Nowhere/Land", data)
	if err != nil {
		t.Fatal(err)
	}
	zones := []*time.Location{
		time.FixedZone("UTC+1", 3600),
		time.FixedZone("Europe/Berlin", 3600), // the name, but never summer time
		time.Local,
		renamed,
	}
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := context.Background()
		if err := s.AddTransactions(ctx, sampleTx("t1", "A", t0, "1"), sampleTx("t2", "A", t0.Add(200*24*time.Hour), "2")); err != nil {
			t.Fatal(err)
		}
		for _, loc := range zones {
			for _, f := range []segmentation.FrequencyBasis{segmentation.FrequencyTransactions, segmentation.FrequencyDistinctDays} {
				o := segmentation.Options{Location: loc, Frequency: f}
				n, errs, last := pairs(s.Partials(ctx, o))
				declined := errors.Is(last, errors.ErrUnsupported)
				wantDeclined := d == DialectPostgres && f != segmentation.FrequencyTransactions
				switch {
				case declined != wantDeclined:
					t.Errorf("Partials(%s, %v): last error %v, declined %v; want declined %v", loc, f, last, declined, wantDeclined)
				case declined && (n != 0 || errs != 1):
					t.Errorf("Partials(%s, %v) declines after %d Partials", loc, f, n)
				case !declined:
					mem, err := segmentation.Aggregate(s.Transactions(ctx, account.TransactionFilter{}), o)
					if err != nil {
						t.Fatal(err)
					}
					pd, err := pushDown(ctx, s, o)
					if err != nil {
						t.Fatalf("Partials(%s, %v): %v", loc, f, err)
					}
					if diff := gocmp.Diff(collectPartials(mem), collectPartials(pd), equalValues); diff != "" {
						t.Errorf("Partials(%s, %v) (-in-memory +push-down):\n%s", loc, f, diff)
					}
				}
			}
		}
		if d != DialectPostgres {
			return
		}
		// A name Go knows and the server does not: the server's error,
		// before any row.
		var got []error
		s.partials(ctx, segmentation.Options{Location: berlin, Frequency: segmentation.FrequencyDistinctDays}, "Nowhere/Land",
			func(_ segmentation.Partial, err error) bool { got = append(got, err); return true })
		if len(got) != 1 || !errors.Is(got[0], errors.ErrUnsupported) {
			t.Errorf("Partials in a zone the server does not know: %v, want one error wrapping errors.ErrUnsupported", got)
		}
	})
}

// TestPartialsStoredFaults checks stored values the aggregation cannot
// take: an instant outside the range of int64 nanoseconds (which the
// store keeps) fails as the in-memory path does; a malformed currency or
// amount written around the package is ErrCorrupt.
func TestPartialsStoredFaults(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		ctx := context.Background()
		for _, at := range []time.Time{time.Date(1677, 9, 21, 0, 12, 43, 145224000, time.UTC), time.Date(2262, 4, 11, 23, 47, 16, 854776000, time.UTC)} {
			s := newTestStore(t, d)
			if err := s.AddTransactions(ctx, sampleTx("t1", "A", t0, "1"), sampleTx("far", "B", at, "2")); err != nil {
				t.Fatal(err)
			}
			for _, o := range []segmentation.Options{{}, {AsOf: t0, Since: t0}} {
				_, memErr := segmentation.Aggregate(s.Transactions(ctx, account.TransactionFilter{}), o)
				_, pdErr := pushDown(ctx, s, o)
				if !errors.Is(memErr, segmentation.ErrInvalid) || !errors.Is(pdErr, segmentation.ErrInvalid) {
					t.Errorf("a transaction at %v: in-memory %v, push-down %v; want both ErrInvalid", at, memErr, pdErr)
				}
			}
		}
		// Just inside the range: no error.
		s := newTestStore(t, d)
		if err := s.AddTransactions(ctx, sampleTx("t1", "A", time.Date(1677, 9, 21, 0, 12, 43, 145225000, time.UTC), "1"),
			sampleTx("t2", "A", time.Date(2262, 4, 11, 23, 47, 16, 854775000, time.UTC), "1")); err != nil {
			t.Fatal(err)
		}
		if _, err := pushDown(ctx, s, segmentation.Options{}); err != nil {
			t.Errorf("transactions at the ends of the range: %v", err)
		}

		corrupt := []string{"UPDATE ka_transactions SET currency = 'usd'"}
		if d == DialectSQLite {
			corrupt = append(corrupt, "UPDATE ka_transactions SET amount = '1e3'", "UPDATE ka_transactions SET amount = x'31'")
		}
		for _, stmt := range corrupt {
			s := newTestStore(t, d)
			if err := s.AddTransactions(ctx, sampleTx("t1", "A", t0, "1")); err != nil {
				t.Fatal(err)
			}
			if _, err := s.DB().ExecContext(ctx, stmt); err != nil {
				t.Fatal(err)
			}
			for _, f := range []segmentation.FrequencyBasis{segmentation.FrequencyTransactions, segmentation.FrequencyDistinctMonths} {
				if _, errs, last := pairs(s.Partials(ctx, segmentation.Options{Frequency: f})); errs != 1 || !errors.Is(last, ErrCorrupt) {
					t.Errorf("after %s: Partials(%v) ends with %v, want ErrCorrupt", stmt, f, last)
				}
			}
		}
	})
}

func TestUnitsOf(t *testing.T) {
	for _, c := range []struct {
		text  string
		units int64
		scale int
		ok    bool
	}{
		{"0", 0, 0, true},
		{"12.340", 12340, 3, true},
		{"-0.5", -5, 1, true},
		{"999999999999999999", 999999999999999999, 0, true},
		{"9999999999999999999", 0, 0, false}, // 19 digits
		{"99999999999999999.9", 999999999999999999, 1, true},
		{"-", 0, 0, false},
		{"", 0, 0, false},
		{"1.", 0, 0, false},
		{".5", 0, 0, false},
		{"1.2.3", 0, 0, false},
		{"1e3", 0, 0, false},
		{"+1", 0, 0, false},
	} {
		units, scale, ok := unitsOf(c.text)
		if ok != c.ok || ok && (units != c.units || scale != c.scale) {
			t.Errorf("unitsOf(%q) = %d, %d, %v; want %d, %d, %v", c.text, units, scale, ok, c.units, c.scale, c.ok)
		}
	}
}

// TestDecimalSum checks ka_decimal_sum: mixed scales, sums past an int64,
// NULLs, no rows, a value that is not a decimal.
func TestDecimalSum(t *testing.T) {
	s := newTestStore(t, DialectSQLite)
	for _, c := range []struct {
		values []any
		want   any
	}{
		{[]any{"1.10", "2.20"}, "3.30"},
		{[]any{"1.1", "2.25", "-0.005"}, "3.345"},
		{[]any{"9000000000000000000", "9000000000000000000", "-1"}, "17999999999999999999"},
		{[]any{"-9000000000000000000", "-900000000000000000"}, "-9900000000000000000"},
		// Ten 18-digit values: the integer sum would pass an int64.
		{[]any{"999999999999999999", "999999999999999999", "999999999999999999", "999999999999999999", "999999999999999999",
			"999999999999999999", "999999999999999999", "999999999999999999", "999999999999999999", "999999999999999999"}, "9999999999999999990"},
		{[]any{"-999999999999999999", "-999999999999999999", "-999999999999999999", "-999999999999999999", "-999999999999999999",
			"-999999999999999999", "-999999999999999999", "-999999999999999999", "-999999999999999999", "-999999999999999999"}, "-9999999999999999990"},
		{[]any{"0.000000000000000000001", "1"}, "1.000000000000000000001"},
		{[]any{nil, "2"}, "2"},
		{[]any{nil}, nil},
		{[]any{}, nil},
		{[]any{"1", "x"}, nil},
		{[]any{int64(1)}, nil},
	} {
		q := "SELECT ka_decimal_sum(v) FROM (SELECT NULL AS v WHERE 0"
		for _, v := range c.values {
			lit := "NULL"
			if v, ok := v.(string); ok {
				lit = "'" + v + "'"
			}
			q += " UNION ALL SELECT " + lit
		}
		q += ")"
		if len(c.values) > 0 {
			if _, ok := c.values[0].(int64); ok {
				q = "SELECT ka_decimal_sum(1)"
			}
		}
		var got any
		if err := s.DB().QueryRow(q).Scan(&got); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if g, ok := got.(string); ok && c.want != nil {
			if !decimal.RequireFromString(g).Equal(decimal.RequireFromString(c.want.(string))) {
				t.Errorf("ka_decimal_sum%v = %v, want %v", c.values, got, c.want)
			}
			continue
		}
		if got != c.want {
			t.Errorf("ka_decimal_sum%v = %#v, want %#v", c.values, got, c.want)
		}
	}
}
