package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/segmentation"
	"pgregory.net/rapid"
)

// A PushDownStore keeps transactions and aggregates them where they are
// stored: what [RunPartials] checks.
type PushDownStore interface {
	account.TransactionStore
	segmentation.PartialStore
}

// RunPartials checks that a store's [segmentation.PartialStore] keeps its
// contract: for every Options, the Partials it yields build, through
// [segmentation.Aggregator.AddPartial], the aggregate that
// [segmentation.Aggregate] builds from the same store's Transactions, and
// so the same scored table and Pareto analysis; and they fail where that
// path fails. newStore returns a new, empty store; the checks add
// transactions to it with AddTransactions. The subtests are under
// "Partials/": Empty, Fields, Order, Window, Kinds, Future, Currencies,
// Frequency, Options, Many, BreakEarly, Context and Equivalence (a rapid
// property test on random data: sub-cent amounts, refunds, sums past an
// int64 of cents, several currencies, both kinds, every frequency basis in
// time zones with daylight saving, and windows whose edges fall exactly
// on transactions or a nanosecond or a microsecond beside them).
//
// A store may decline an Options it cannot push down with an error
// wrapping [errors.ErrUnsupported] (as its first and only pair), except
// in UTC (a nil or UTC Location), which every store must push down with
// every frequency basis.
func RunPartials(t *testing.T, newStore func(t *testing.T) PushDownStore) {
	t.Run("Partials", func(t *testing.T) {
		t.Run("Empty", func(t *testing.T) { testPartialsEmpty(t, newStore(t)) })
		t.Run("Fields", func(t *testing.T) { testPartialsFields(t, newStore(t)) })
		t.Run("Order", func(t *testing.T) { testPartialsOrder(t, newStore(t)) })
		t.Run("Window", func(t *testing.T) { testPartialsWindow(t, newStore(t)) })
		t.Run("Kinds", func(t *testing.T) { testPartialsKinds(t, newStore) })
		t.Run("Future", func(t *testing.T) { testPartialsFuture(t, newStore(t)) })
		t.Run("Currencies", func(t *testing.T) { testPartialsCurrencies(t, newStore(t)) })
		t.Run("Frequency", func(t *testing.T) { testPartialsFrequency(t, newStore(t)) })
		t.Run("Options", func(t *testing.T) { testPartialsOptions(t, newStore(t)) })
		t.Run("Many", func(t *testing.T) { testPartialsMany(t, newStore(t)) })
		t.Run("BreakEarly", func(t *testing.T) { testPartialsBreakEarly(t, newStore(t)) })
		t.Run("Context", func(t *testing.T) { testPartialsContext(t, newStore) })
		t.Run("Equivalence", func(t *testing.T) {
			rapid.Check(t, func(rt *rapid.T) { runPartialsModel(rt, t.Context(), newStore(t)) })
		})
	})
}

// pday is midnight UTC of day d after 2024-01-01 (a Monday), plus h hours.
func pday(d, h int) time.Time {
	return time.Date(2024, 1, 1+d, h, 0, 0, 0, time.UTC)
}

// ptx returns a transaction; amount is "CUR 1.23".
func ptx(id string, acct account.ID, at time.Time, amount string, kind account.TransactionKind) account.Transaction {
	return account.Transaction{ID: account.TransactionID(id), Account: acct, At: at, Amount: account.MustParseMoney(amount), Kind: kind}
}

const (
	revenue = account.TransactionRevenue
	cost    = account.TransactionCost
)

func addTxs(t reporter, s account.TransactionStore, txs ...account.Transaction) {
	t.Helper()
	wantNoErr(t, "AddTransactions", s.AddTransactions(context.Background(), txs...))
}

// partialsOf reads s.Partials(ctx, o), failing t on an error.
func partialsOf(t reporter, s segmentation.PartialStore, o segmentation.Options) []segmentation.Partial {
	t.Helper()
	return collect(t, "Partials("+describe(o)+")", s.Partials(context.Background(), o))
}

func testPartialsEmpty(t *testing.T, s PushDownStore) {
	for _, o := range []segmentation.Options{{}, {Kind: revenue, Frequency: segmentation.FrequencyDistinctDays}, {AsOf: pday(10, 0), RejectFuture: true}} {
		if got := partialsOf(t, s, o); len(got) != 0 {
			t.Errorf("Partials(%s) of an empty store yields %d Partials, want none", describe(o), len(got))
		}
		checkPushDown(t, t.Context(), s, o, segmentation.Scoring{})
	}
}

// testPartialsFields checks each field of the Partials of a small store
// against values worked out by hand: sub-cent amounts, a refund, a net
// negative account, an amount with trailing zeros.
func testPartialsFields(t *testing.T, s PushDownStore) {
	addTxs(t, s,
		ptx("t1", "A", pday(0, 9), "USD 10.00", revenue),
		ptx("t2", "A", pday(3, 9), "USD -2.505", revenue),
		ptx("t3", "A", pday(3, 18), "USD 0.001", revenue),
		ptx("t4", "B", pday(1, 0), "USD 5", revenue),
		ptx("t5", "C", pday(2, 0), "USD 3.10", revenue),
		ptx("t6", "C", pday(4, 0), "USD -4.1000", revenue),
	)
	money := account.MustParseMoney
	want := []segmentation.Partial{
		{Account: "A", First: pday(0, 9), Last: pday(3, 18), Transactions: 3, Total: money("USD 7.496")},
		{Account: "B", First: pday(1, 0), Last: pday(1, 0), Transactions: 1, Total: money("USD 5")},
		{Account: "C", First: pday(2, 0), Last: pday(4, 0), Transactions: 2, Total: money("USD -1")},
	}
	o := segmentation.Options{}
	got := partialsOf(t, s, o)
	for i := range got {
		got[i].Dates = nil // ignored for this frequency
	}
	diff(t, "Partials", got, want)
	for _, o := range []segmentation.Options{o, {Monetary: segmentation.MonetaryMean}, {Frequency: segmentation.FrequencyDistinctDays}} {
		checkPushDown(t, t.Context(), s, o, segmentation.Scoring{K: 3})
	}

	// Dates for distinct days: A has two days (0 and 3), C two.
	days := segmentation.Options{Frequency: segmentation.FrequencyDistinctDays}
	for _, p := range partialsOf(t, s, days) {
		distinct := map[time.Time]bool{}
		for _, d := range p.Dates {
			distinct[d.UTC().Truncate(24*time.Hour)] = true
		}
		if want := map[account.ID]int{"A": 2, "B": 1, "C": 2}[p.Account]; len(distinct) != want {
			t.Errorf("Partials(%s): account %s has Dates %v on %d days, want %d", describe(days), p.Account, p.Dates, len(distinct), want)
		}
	}
}

// testPartialsOrder checks the order by account ID, byte-wise: upper case
// before lower case, and non-ASCII last.
func testPartialsOrder(t *testing.T, s PushDownStore) {
	ids := []account.ID{"b", "B", "Ä", "a", "A-2", "A", "A10", "A9", "z"}
	for i, id := range ids {
		addTxs(t, s, ptx(fmt.Sprintf("t%d", i), id, pday(i, 0), "EUR 1", cost))
	}
	var got []account.ID
	for _, p := range partialsOf(t, s, segmentation.Options{}) {
		got = append(got, p.Account)
	}
	want := slices.Clone(ids)
	slices.Sort(want)
	diff(t, "Partials' accounts", got, want)
	checkPushDown(t, t.Context(), s, segmentation.Options{}, segmentation.Scoring{})
}

// testPartialsWindow puts the window's edges on, a nanosecond and a
// microsecond beside the stored instants.
func testPartialsWindow(t *testing.T, s PushDownStore) {
	t0 := pday(5, 12)
	us := time.Microsecond
	addTxs(t, s,
		ptx("w0", "A", t0, "NZD 1", revenue),
		ptx("w1", "A", t0.Add(us), "NZD 2", revenue),
		ptx("w2", "A", t0.Add(2*us), "NZD 4", revenue),
		ptx("w3", "B", t0.Add(3*us), "NZD 8", revenue),
		ptx("w4", "B", t0.Add(4*us), "NZD 16", revenue),
	)
	const none = time.Duration(math.MinInt64)
	ns := time.Nanosecond
	for _, c := range []struct {
		since, asOf time.Duration // from t0, or none
		want        int64         // the sum of the amounts counted
	}{
		{none, none, 31},
		{us, 3 * us, 2 + 4 + 8},
		{us + ns, 3*us - ns, 4},
		{us - ns, 3*us + ns, 2 + 4 + 8},
		{us + us, 3*us - us, 4},
		{2 * us, 2 * us, 4},
		{none, 0, 1},
		{4 * us, none, 16},
		{4*us + ns, none, 0},
		{none, -ns, 0},
	} {
		var o segmentation.Options
		if c.since != none {
			o.Since = t0.Add(c.since)
		}
		if c.asOf != none {
			o.AsOf = t0.Add(c.asOf)
		}
		var sum int64
		for _, p := range partialsOf(t, s, o) {
			sum += p.Total.Amount().IntPart()
		}
		if sum != c.want {
			t.Errorf("Partials(%s) count amounts summing to %d, want %d", describe(o), sum, c.want)
		}
		checkPushDown(t, t.Context(), s, o, segmentation.Scoring{K: 2})
	}
}

// testPartialsKinds checks the kind filter, and the error for both kinds
// when the Options do not choose, even when one kind is outside the window.
func testPartialsKinds(t *testing.T, newStore func(*testing.T) PushDownStore) {
	s := newStore(t)
	addTxs(t, s,
		ptx("k1", "A", pday(0, 0), "GBP 1", revenue),
		ptx("k2", "A", pday(1, 0), "GBP 2", cost),
		ptx("k3", "B", pday(2, 0), "GBP 4", cost),
	)
	for _, c := range []struct {
		kind account.TransactionKind
		want map[account.ID]int64
	}{
		{revenue, map[account.ID]int64{"A": 1}},
		{cost, map[account.ID]int64{"A": 2, "B": 4}},
	} {
		o := segmentation.Options{Kind: c.kind}
		got := map[account.ID]int64{}
		for _, p := range partialsOf(t, s, o) {
			got[p.Account] = p.Total.Amount().IntPart()
		}
		diff(t, "Partials("+describe(o)+") totals", got, c.want)
		checkPushDown(t, t.Context(), s, o, segmentation.Scoring{})
	}
	for _, o := range []segmentation.Options{{}, {Since: pday(2, 0)}, {AsOf: pday(0, 0)}} {
		p := pushDown(t.Context(), s, o)
		if !p.unsupported && !errors.Is(p.err, segmentation.ErrMixedKinds) {
			t.Errorf("Partials(%s) of a store with both kinds: error %v, want one wrapping ErrMixedKinds", describe(o), p.err)
		}
		checkPushDown(t, t.Context(), s, o, segmentation.Scoring{})
	}

	// One kind only, either one: Kind zero takes it.
	only := newStore(t)
	addTxs(t, only, ptx("c1", "A", pday(0, 0), "GBP 1", cost), ptx("c2", "B", pday(0, 0), "GBP 2", cost))
	if got := partialsOf(t, only, segmentation.Options{}); len(got) != 2 {
		t.Errorf("Partials of a store of costs only yields %d Partials, want 2", len(got))
	}
	checkPushDown(t, t.Context(), only, segmentation.Options{}, segmentation.Scoring{})
}

// testPartialsFuture checks RejectFuture: an error for a counted-kind
// transaction after AsOf, none for one exactly at AsOf or of the other
// kind.
func testPartialsFuture(t *testing.T, s PushDownStore) {
	addTxs(t, s,
		ptx("f1", "A", pday(0, 0), "JPY 100", revenue),
		ptx("f2", "A", pday(9, 0), "JPY 200", revenue),
		ptx("f3", "B", pday(12, 0), "JPY 300", cost),
	)
	for _, c := range []struct {
		o    segmentation.Options
		want error
	}{
		{segmentation.Options{Kind: revenue, AsOf: pday(9, 0).Add(-time.Nanosecond), RejectFuture: true}, segmentation.ErrFuture},
		{segmentation.Options{Kind: revenue, AsOf: pday(9, 0), RejectFuture: true}, nil},
		{segmentation.Options{Kind: revenue, AsOf: pday(9, 0)}, nil},
		{segmentation.Options{Kind: revenue, RejectFuture: true}, nil},
		{segmentation.Options{Kind: cost, AsOf: pday(11, 0), RejectFuture: true}, segmentation.ErrFuture},
		{segmentation.Options{Kind: cost, AsOf: pday(12, 0), RejectFuture: true}, nil},
	} {
		p := pushDown(t.Context(), s, c.o)
		if c.want == nil && p.err != nil || c.want != nil && !errors.Is(p.err, c.want) {
			t.Errorf("Partials(%s): error %v, want %v", describe(c.o), p.err, c.want)
		}
		checkPushDown(t, t.Context(), s, c.o, segmentation.Scoring{})
	}
}

// testPartialsCurrencies checks an account with two currencies (one
// Partial each, in currency order, so that AddPartial refuses the second),
// one whose second currency is outside the window, and accounts in
// different currencies.
func testPartialsCurrencies(t *testing.T, s PushDownStore) {
	addTxs(t, s,
		ptx("c1", "A", pday(0, 0), "USD 1", revenue),
		ptx("c2", "A", pday(5, 0), "EUR 2", revenue),
		ptx("c3", "A", pday(6, 0), "USD 3", revenue),
		ptx("c4", "B", pday(1, 0), "KWD 1.234", revenue),
		ptx("c5", "C", pday(2, 0), "XXX 7.5", revenue),
	)
	got := keysOf(partialsOf(t, s, segmentation.Options{}))
	diff(t, "Partials' accounts and currencies", got, []string{"A/EUR", "A/USD", "B/KWD", "C/XXX"})
	p := pushDown(t.Context(), s, segmentation.Options{})
	var ce *segmentation.CurrencyError
	if !errors.As(p.err, &ce) || ce.Account != "A" || ce.Currencies != [2]account.Currency{"EUR", "USD"} {
		t.Errorf("feeding the Partials of an account in EUR and USD: error %v, want a CurrencyError for A, EUR and USD", p.err)
	}
	checkPushDown(t, t.Context(), s, segmentation.Options{}, segmentation.Scoring{})

	o := segmentation.Options{Since: pday(6, 0)} // A's EUR is before the window
	got = keysOf(partialsOf(t, s, o))
	diff(t, "Partials("+describe(o)+")' accounts and currencies", got, []string{"A/USD"})
	checkPushDown(t, t.Context(), s, o, segmentation.Scoring{})
}

// testPartialsFrequency checks every frequency basis in UTC and in time
// zones with daylight saving, over transactions around local midnights,
// DST changes and the ends of ISO weeks and years.
func testPartialsFrequency(t *testing.T, s PushDownStore) {
	locs := partialLocations(t)
	var txs []account.Transaction
	stamps := []time.Time{
		time.Date(2024, 3, 30, 23, 30, 0, 0, time.UTC), // Saturday; Berlin's DST starts on the 31st
		time.Date(2024, 3, 31, 0, 30, 0, 0, time.UTC),
		time.Date(2024, 3, 31, 22, 30, 0, 0, time.UTC), // Monday 1 April 00:30 in Berlin (CEST)
		time.Date(2024, 4, 7, 3, 59, 59, 999999000, time.UTC),
		time.Date(2024, 4, 7, 4, 0, 0, 0, time.UTC), // Santiago's DST ends at 04:00 UTC (midnight repeats)
		time.Date(2024, 9, 8, 4, 0, 0, 0, time.UTC), // Santiago's DST starts: midnight is skipped
		time.Date(2024, 12, 29, 23, 59, 59, 0, time.UTC),
		time.Date(2024, 12, 30, 0, 0, 0, 0, time.UTC), // Monday of ISO week 2025-W01
		time.Date(2024, 12, 31, 23, 0, 0, 0, time.UTC),
		time.Date(2025, 1, 1, 4, 0, 0, 0, time.UTC),
		time.Date(2025, 6, 30, 23, 0, 0, 0, time.UTC),
		time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC),
	}
	for i, at := range stamps {
		for j, acct := range []account.ID{"A", "B", "C"} {
			if (i+j)%3 != 2 {
				txs = append(txs, ptx(fmt.Sprintf("t%d-%d", i, j), acct, at, "EUR 1.5", revenue))
			}
		}
	}
	addTxs(t, s, txs...)
	for _, loc := range locs {
		for f := segmentation.FrequencyTransactions; f <= segmentation.FrequencyDistinctYears; f++ {
			o := segmentation.Options{Location: loc, Frequency: f}
			if checkPushDown(t, t.Context(), s, o, segmentation.Scoring{K: 3}) && f != segmentation.FrequencyTransactions {
				for _, p := range partialsOf(t, s, o) {
					if len(p.Dates) == 0 {
						t.Errorf("Partials(%s): account %s has no Dates", describe(o), p.Account)
					}
				}
			}
		}
	}
}

// partialLocations returns the time zones the checks use: nil (UTC), UTC,
// and zones with daylight saving, one of which skips or repeats midnight.
func partialLocations(t reporter) []*time.Location {
	t.Helper()
	locs := []*time.Location{nil, time.UTC}
	for _, name := range []string{"Europe/Berlin", "America/Santiago", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatalf("time zone %s: %v (install the tz database, or build with -tags timetzdata)", name, err)
		}
		locs = append(locs, loc)
	}
	return locs
}

// testPartialsOptions checks that Options that fail Validate are an error
// wrapping ErrInvalid, and that those at the edges of the valid ranges are
// not.
func testPartialsOptions(t *testing.T, s PushDownStore) {
	addTxs(t, s, ptx("o1", "A", pday(0, 0), "CHF 1", revenue))
	at := pday(0, 0)
	for _, c := range []struct {
		o     segmentation.Options
		valid bool
	}{
		{segmentation.Options{Frequency: segmentation.FrequencyDistinctYears}, true},
		{segmentation.Options{Frequency: segmentation.FrequencyDistinctYears + 1}, false},
		{segmentation.Options{Monetary: segmentation.MonetaryMean}, true},
		{segmentation.Options{Monetary: segmentation.MonetaryMean + 1}, false},
		{segmentation.Options{Kind: cost}, true},
		{segmentation.Options{Kind: cost + 1}, false},
		{segmentation.Options{Since: at, AsOf: at}, true},
		{segmentation.Options{Since: at.Add(time.Nanosecond), AsOf: at}, false},
		{segmentation.Options{AsOf: time.Date(2262, 4, 11, 23, 47, 16, 854775807, time.UTC)}, true},
		{segmentation.Options{AsOf: time.Date(2262, 4, 11, 23, 47, 16, 854775808, time.UTC)}, false},
		{segmentation.Options{Since: time.Date(1677, 9, 21, 0, 12, 43, 145224193, time.UTC)}, true},
		{segmentation.Options{Since: time.Date(1677, 9, 21, 0, 12, 43, 145224192, time.UTC)}, false},
	} {
		p := pushDown(t.Context(), s, c.o)
		switch {
		case c.valid && p.err != nil && !p.unsupported:
			t.Errorf("Partials(%s): error %v, want none", describe(c.o), p.err)
		case !c.valid && !errors.Is(p.err, segmentation.ErrInvalid):
			t.Errorf("Partials(%s): error %v, want one wrapping ErrInvalid", describe(c.o), p.err)
		case !c.valid && (len(p.errs) != 1 || len(p.parts) != 0):
			t.Errorf("Partials(%s) yields %d pairs, want one, its error", describe(c.o), len(p.errs))
		}
		checkPushDown(t, t.Context(), s, c.o, segmentation.Scoring{})
	}
}

// manyAccounts is more accounts than a store is likely to fetch at once.
const manyAccounts = 2500

func seedMany(t reporter, s account.TransactionStore) {
	txs := make([]account.Transaction, 0, 2*manyAccounts)
	for i := range manyAccounts {
		acct := account.ID(fmt.Sprintf("acct-%05d", i))
		txs = append(txs,
			ptx(fmt.Sprintf("m%d-a", i), acct, pday(i%400, i%24), fmt.Sprintf("AUD %d.%02d", i%97, i%100), revenue),
			ptx(fmt.Sprintf("m%d-b", i), acct, pday(i%300, 0), "AUD -0.005", revenue))
	}
	addTxs(t, s, txs...)
}

func testPartialsMany(t *testing.T, s PushDownStore) {
	seedMany(t, s)
	if got := len(partialsOf(t, s, segmentation.Options{})); got != manyAccounts {
		t.Errorf("Partials yields %d Partials, want %d", got, manyAccounts)
	}
	checkPushDown(t, t.Context(), s, segmentation.Options{}, segmentation.Scoring{})
	checkPushDown(t, t.Context(), s, segmentation.Options{Frequency: segmentation.FrequencyDistinctWeeks, Since: pday(100, 0)}, segmentation.Scoring{})
}

func testPartialsBreakEarly(t *testing.T, s PushDownStore) {
	seedMany(t, s)
	for range 3 {
		n := 0
		for _, err := range s.Partials(t.Context(), segmentation.Options{}) {
			wantNoErr(t, "Partials", err)
			if n++; n == 2 {
				break
			}
		}
	}
	// The store still works after the loops it was broken out of.
	if got := len(partialsOf(t, s, segmentation.Options{})); got != manyAccounts {
		t.Errorf("after breaking out early, Partials yields %d Partials, want %d", got, manyAccounts)
	}
	addTxs(t, s, ptx("after", "zzz", pday(0, 0), "AUD 1", revenue))
}

func testPartialsContext(t *testing.T, newStore func(*testing.T) PushDownStore) {
	s := newStore(t)
	seedMany(t, s)
	for _, d := range doneContexts() {
		wantOnePair(t, "Partials", s.Partials(d.ctx, segmentation.Options{}), d.err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var errs []error
	for _, err := range s.Partials(ctx, segmentation.Options{}) {
		errs = append(errs, err)
		cancel()
	}
	n := len(errs)
	switch {
	case n < 2 || errs[0] != nil:
		t.Errorf("Partials cancelled after its first Partial yields %d pairs, first error %v; want a Partial, then the context's error", n, first(errs))
	case !errors.Is(errs[n-1], context.Canceled):
		t.Errorf("Partials cancelled after its first Partial ends with %v, want an error wrapping %q", errs[n-1], context.Canceled)
	case n == manyAccounts+1:
		t.Errorf("Partials cancelled after its first Partial yields every Partial, then the error: the context is not checked as it runs")
	}
}
