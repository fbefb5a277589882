package segmentation_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/shopspring/decimal"
)

func tx(id, acct string, at time.Time, amount string) account.Transaction {
	return account.Transaction{ID: account.TransactionID(id), Account: account.ID(acct), At: at, Amount: account.MustParseMoney(amount), Kind: account.TransactionRevenue}
}

func score(t *testing.T, txs []account.Transaction, o segmentation.Options, s segmentation.Scoring) *segmentation.Table {
	t.Helper()
	a, err := segmentation.AggregateSlice(txs, o)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := segmentation.Score(a, s)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

func TestFrequencyBases(t *testing.T) {
	d := func(y int, m time.Month, day, h int) time.Time { return time.Date(y, m, day, h, 0, 0, 0, time.UTC) }
	// Monday 2024-12-30 and Sunday 2025-01-05 are one ISO week; Monday
	// 2025-01-06 starts the next.
	txs := []account.Transaction{
		tx("1", "A", d(2024, 12, 30, 9), "USD 1"),
		tx("2", "A", d(2024, 12, 30, 15), "USD 1"),
		tx("3", "A", d(2025, 1, 5, 9), "USD 1"),
		tx("4", "A", d(2025, 1, 6, 9), "USD 1"),
		tx("5", "A", d(2025, 4, 1, 9), "USD 1"),
	}
	asOf := d(2025, 6, 1, 0)
	for _, c := range []struct {
		basis segmentation.FrequencyBasis
		want  int64
	}{
		{segmentation.FrequencyTransactions, 5},
		{segmentation.FrequencyDistinctDays, 4},
		{segmentation.FrequencyDistinctWeeks, 3},
		{segmentation.FrequencyDistinctMonths, 3},
		{segmentation.FrequencyDistinctQuarters, 3},
		{segmentation.FrequencyDistinctYears, 2},
	} {
		r := score(t, txs, segmentation.Options{AsOf: asOf, Frequency: c.basis}, segmentation.Scoring{}).Row(0)
		if r.Frequency != c.want || r.Transactions != 5 {
			t.Errorf("%v: Frequency %d, Transactions %d; want %d and 5", c.basis, r.Frequency, r.Transactions, c.want)
		}
	}
}

// Days are counted in the Options' location: 23:30 UTC on 1 March is
// already 2 March in Auckland.
func TestRecencyInLocation(t *testing.T) {
	akl, err := time.LoadLocation("Pacific/Auckland")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	txs := []account.Transaction{tx("1", "A", time.Date(2025, 3, 1, 23, 30, 0, 0, time.UTC), "NZD 5")}
	asOf := time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC) // 22:00 on 10 March in Auckland
	if r := score(t, txs, segmentation.Options{AsOf: asOf}, segmentation.Scoring{}).Row(0); r.Recency != 9 {
		t.Errorf("UTC recency %d, want 9", r.Recency)
	}
	r := score(t, txs, segmentation.Options{AsOf: asOf, Location: akl}, segmentation.Scoring{}).Row(0)
	if r.Recency != 8 || r.Last.Location() != akl {
		t.Errorf("Auckland recency %d (last %v), want 8", r.Recency, r.Last)
	}
}

func TestWindowFutureAndZeroAsOf(t *testing.T) {
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	txs := []account.Transaction{
		tx("1", "A", base.AddDate(0, 0, -40), "USD 10"),
		tx("2", "A", base.AddDate(0, 0, -5), "USD 20"),
		tx("3", "B", base.AddDate(0, 0, -50), "USD 30"),
		tx("4", "B", base.AddDate(0, 0, 3), "USD 40"),
	}
	// Window [AsOf-30d, AsOf]: A keeps one transaction, B none (and is
	// absent); B's later transaction is excluded and counted.
	a, err := segmentation.AggregateSlice(txs, segmentation.Options{AsOf: base, Since: base.AddDate(0, 0, -30)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := a.Excluded(), (segmentation.Excluded{Future: 1, BeforeSince: 2}); got != want {
		t.Errorf("Excluded %+v, want %+v", got, want)
	}
	tab, _ := segmentation.Score(a, segmentation.Scoring{})
	if tab.Len() != 1 || tab.Row(0).Monetary.AmountString() != "20.00" {
		t.Errorf("window table: %d rows, first %+v", tab.Len(), tab.Row(0))
	}

	// RejectFuture: an error naming the account and transaction.
	_, err = segmentation.AggregateSlice(txs, segmentation.Options{AsOf: base, RejectFuture: true})
	wantField(t, "RejectFuture", err, account.FieldError{Record: "Transaction", ID: "4", Field: "At", Err: segmentation.ErrFuture})

	// Zero AsOf: the day after the latest transaction, nothing excluded.
	tab = score(t, txs, segmentation.Options{}, segmentation.Scoring{})
	if want := base.AddDate(0, 0, 4); !tab.AsOf().Equal(want) {
		t.Errorf("AsOf() = %v, want %v", tab.AsOf(), want)
	}
	rb, _ := tab.Lookup("B")
	if rb.Recency != 1 || tab.Excluded() != (segmentation.Excluded{}) {
		t.Errorf("B recency %d, excluded %+v; want 1 and none", rb.Recency, tab.Excluded())
	}
}

func TestErrors(t *testing.T) {
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	asOf := at.AddDate(0, 1, 0)
	var ce *segmentation.CurrencyError

	_, err := segmentation.NewAggregator(segmentation.Options{AsOf: asOf, Since: asOf.AddDate(0, 0, 1)})
	wantField(t, "Since after AsOf", err, account.FieldError{Record: "Options", Field: "Since", Err: segmentation.ErrInvalid})
	if _, err := segmentation.NewAggregator(segmentation.Options{Kind: 9}); !errors.Is(err, segmentation.ErrInvalid) {
		t.Errorf("bad kind: %v", err)
	}
	a, _ := segmentation.NewAggregator(segmentation.Options{AsOf: asOf})
	for name, c := range map[string]struct {
		tx    account.Transaction
		field string
	}{
		"no account":  {account.Transaction{ID: "1", At: at, Amount: account.MustParseMoney("USD 1"), Kind: account.TransactionRevenue}, "Account"},
		"no time":     {account.Transaction{ID: "1", Account: "A", Amount: account.MustParseMoney("USD 1"), Kind: account.TransactionRevenue}, "At"},
		"no currency": {account.Transaction{ID: "1", Account: "A", At: at, Kind: account.TransactionRevenue}, "Amount"},
		"no kind":     {account.Transaction{ID: "1", Account: "A", At: at, Amount: account.MustParseMoney("USD 1")}, "Kind"},
		"year 3000":   {account.Transaction{ID: "1", Account: "A", At: time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), Amount: account.MustParseMoney("USD 1"), Kind: account.TransactionRevenue}, "At"},
	} {
		wantField(t, name, a.Add(c.tx), account.FieldError{Record: "Transaction", ID: "1", Field: c.field, Err: segmentation.ErrInvalid})
		// Without a transaction ID, the account names the record.
		c.tx.ID = ""
		want := account.FieldError{Record: "Account", ID: string(c.tx.Account), Field: c.field, Err: segmentation.ErrInvalid}
		if c.tx.Account == "" {
			want.Record = "Transaction"
		}
		wantField(t, name+" without ID", a.Add(c.tx), want)
	}
	// Mixed currencies in one account, found by Add and by Merge, name the
	// account and both currencies in order.
	if err := a.Add(tx("1", "A", at, "USD 1")); err != nil {
		t.Fatal(err)
	}
	err = a.Add(tx("2", "A", at, "EUR 1"))
	if !errors.Is(err, account.ErrCurrencyMismatch) || !errors.As(err, &ce) || ce.Account != "A" || ce.Currencies != [2]account.Currency{"EUR", "USD"} {
		t.Errorf("mixed currencies: %v", err)
	}
	b, _ := segmentation.NewAggregator(segmentation.Options{AsOf: asOf})
	_ = b.Add(tx("3", "A", at, "EUR 2"))
	if err := a.Merge(b); !errors.As(err, &ce) || ce.Account != "A" {
		t.Errorf("merge of mixed currencies: %v", err)
	}
	if r := mustScore(t, a).Row(0); r.Monetary.AmountString() != "1.00" {
		t.Errorf("a changed by failed calls: %v", r.Monetary)
	}
	// Accounts in different currencies cannot be ranked together.
	_ = b.Add(tx("4", "B", at, "USD 2"))
	if _, err := segmentation.Score(b, segmentation.Scoring{}); !errors.As(err, &ce) || ce.Other == "" {
		t.Errorf("Score across currencies: %v", err)
	}
	c, _ := segmentation.NewAggregator(segmentation.Options{AsOf: at})
	if err := a.Merge(c); !errors.Is(err, segmentation.ErrOptionsDiffer) {
		t.Errorf("merge with other options: %v", err)
	}
	// Scoring specifications.
	for name, s := range map[string]segmentation.Scoring{
		"K too big":         {K: 101},
		"cuts for ordinal":  {Recency: segmentation.Bins{Cuts: []decimal.Decimal{decimal.NewFromInt(1)}}},
		"too few cuts":      {Frequency: segmentation.Bins{Binning: segmentation.BinningFixed, Cuts: []decimal.Decimal{decimal.NewFromInt(1)}}},
		"unknown binning":   {Monetary: segmentation.Bins{Binning: 7}},
		"segments K":        {K: 4, Segments: segmentation.ElevenSegments()},
		"cuts not rising":   {K: 3, Frequency: segmentation.Bins{Binning: segmentation.BinningFixed, Cuts: []decimal.Decimal{decimal.NewFromInt(2), decimal.NewFromInt(2)}}},
		"rule without name": {Segments: segmentation.RuleTable{Rules: []segmentation.Rule{{R: segmentation.Just(1)}}}},
	} {
		if err := s.Validate(); !errors.Is(err, segmentation.ErrInvalid) {
			t.Errorf("%s: Validate() = %v, want ErrInvalid", name, err)
		}
	}
	// Ledgers.
	_, err = segmentation.NewLedger("usd", account.TransactionRevenue)
	wantField(t, "NewLedger(usd)", err, account.FieldError{Record: "Ledger", Field: "Currency", Err: segmentation.ErrInvalid})
	_, err = segmentation.NewLedger("USD", 9)
	wantField(t, "NewLedger(kind 9)", err, account.FieldError{Record: "Ledger", Field: "Kind", Err: segmentation.ErrInvalid})
	l, _ := segmentation.NewLedger("USD", account.TransactionRevenue)
	if err := l.Append(tx("1", "A", at, "EUR 1")); !errors.Is(err, account.ErrCurrencyMismatch) {
		t.Errorf("ledger currency: %v", err)
	}
	wantField(t, "ledger empty id", l.AppendUnits("", at, 1), account.FieldError{Record: "Account", Field: "ID", Err: segmentation.ErrInvalid})
	wantField(t, "ledger no time", l.AppendUnits("A", time.Time{}, 1), account.FieldError{Record: "Account", ID: "A", Field: "At", Err: segmentation.ErrInvalid})
	wantField(t, "ledger kind", l.Append(account.Transaction{ID: "7", Account: "A", At: at, Amount: account.MustParseMoney("USD 1"), Kind: account.TransactionCost}),
		account.FieldError{Record: "Transaction", ID: "7", Field: "Kind", Err: segmentation.ErrInvalid})
	wantField(t, "ledger no account", l.Append(account.Transaction{ID: "7", At: at, Amount: account.MustParseMoney("USD 1"), Kind: account.TransactionRevenue}),
		account.FieldError{Record: "Transaction", ID: "7", Field: "Account", Err: segmentation.ErrInvalid})
	// Pareto inputs.
	_, err = segmentation.NewPareto(map[account.ID]account.Money{"A": account.MustParseMoney("USD -1")})
	wantField(t, "negative value", err, account.FieldError{Record: "Account", ID: "A", Field: "Value", Err: segmentation.ErrNegative})
	_, err = segmentation.NewPareto(map[account.ID]account.Money{"": account.MustParseMoney("USD 1")})
	wantField(t, "no account ID", err, account.FieldError{Record: "Account", Field: "Value", Err: segmentation.ErrInvalid})
	_, err = segmentation.NewPareto(map[account.ID]account.Money{"A": {}})
	wantField(t, "no currency", err, account.FieldError{Record: "Account", ID: "A", Field: "Value", Err: segmentation.ErrInvalid})
	if _, err := segmentation.NewPareto(map[account.ID]account.Money{"A": account.MustParseMoney("USD 1"), "B": account.MustParseMoney("EUR 2")}); !errors.As(err, &ce) || ce.Other != "B" {
		t.Errorf("currencies: %v", err)
	}
	p, _ := segmentation.NewPareto(nil)
	_, err = p.CountFor(decimal.RequireFromString("1.5"))
	wantField(t, "CountFor(1.5)", err, account.FieldError{Record: "Pareto", Field: "fraction", Err: segmentation.ErrInvalid})
	_, err = p.ABC(segmentation.ABCCuts{A: decimal.RequireFromString("0.9"), B: decimal.RequireFromString("0.5")})
	wantField(t, "ABC A > B", err, account.FieldError{Record: "ABCCuts", Field: "A", Err: segmentation.ErrInvalid})
	_, err = p.ABC(segmentation.ABCCuts{B: decimal.RequireFromString("1.5")})
	wantField(t, "ABC B > 1", err, account.FieldError{Record: "ABCCuts", Field: "B", Err: segmentation.ErrInvalid})
}

func mustScore(t *testing.T, a *segmentation.Aggregator) *segmentation.Table {
	t.Helper()
	tab, err := segmentation.Score(a, segmentation.Scoring{})
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// Fixed bins: recency [0,30) [30,90) [90,180) [180,365) [365,∞) score 5..1;
// with UpperClosed a value on a cut stays in the lower bin.
func TestFixedBins(t *testing.T) {
	asOf := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var txs []account.Transaction
	for i, days := range []int{0, 29, 30, 89, 90, 180, 364, 365, 1000} {
		txs = append(txs, tx(string(rune('a'+i)), string(rune('A'+i)), asOf.AddDate(0, 0, -days), "USD 1"))
	}
	cuts := []decimal.Decimal{decimal.NewFromInt(30), decimal.NewFromInt(90), decimal.NewFromInt(180), decimal.NewFromInt(365)}
	get := func(upper bool) []int {
		tab := score(t, txs, segmentation.Options{AsOf: asOf}, segmentation.Scoring{Recency: segmentation.Bins{Binning: segmentation.BinningFixed, Cuts: cuts, UpperClosed: upper}})
		var r []int
		for _, row := range tab.All() {
			r = append(r, row.R)
		}
		return r
	}
	if got, want := get(false), []int{5, 5, 4, 4, 3, 2, 2, 1, 1}; !cmp.Equal(got, want) {
		t.Errorf("[a,b) scores %v, want %v", got, want)
	}
	if got, want := get(true), []int{5, 5, 5, 4, 4, 3, 2, 2, 1}; !cmp.Equal(got, want) {
		t.Errorf("(a,b] scores %v, want %v", got, want)
	}
	// Monetary cuts in currency units, with cents.
	var mtx []account.Transaction
	for i, amt := range []string{"9.99", "10.00", "10.01", "250", "1000"} {
		mtx = append(mtx, tx(string(rune('a'+i)), string(rune('A'+i)), asOf, "USD "+amt))
	}
	mcuts := []decimal.Decimal{decimal.RequireFromString("10.00"), decimal.RequireFromString("10.005"), decimal.NewFromInt(250), decimal.NewFromInt(999)}
	tab := score(t, mtx, segmentation.Options{AsOf: asOf}, segmentation.Scoring{Monetary: segmentation.Bins{Binning: segmentation.BinningFixed, Cuts: mcuts}})
	var ms []int
	for _, r := range tab.All() {
		ms = append(ms, r.M)
	}
	if want := []int{1, 2, 3, 4, 5}; !cmp.Equal(ms, want) {
		t.Errorf("monetary scores %v, want %v", ms, want)
	}
	d := tab.Dimensions()[2]
	if len(d.Edges) != 4 || !d.Edges[1].Equal(mcuts[1]) || d.Binning != segmentation.BinningFixed {
		t.Errorf("edges %v", d.Edges)
	}
}

// An empty aggregate scores to an empty table, whose Pareto is empty.
func TestEmpty(t *testing.T) {
	a, _ := segmentation.NewAggregator(segmentation.Options{})
	tab, err := segmentation.Score(a, segmentation.Scoring{Segments: segmentation.ElevenSegments()})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Len() != 0 || !tab.AsOf().IsZero() || len(tab.Warnings()) != 0 {
		t.Errorf("empty table: %d rows, AsOf %v, warnings %v", tab.Len(), tab.AsOf(), tab.Warnings())
	}
	p, err := tab.Pareto()
	if err != nil {
		t.Fatal(err)
	}
	n, _ := p.CountFor(decimal.RequireFromString("0.8"))
	if p.Len() != 0 || n != 0 || p.Gini() != 0 || p.HHI() != 0 || p.EffectiveNumber() != 0 || len(p.Lorenz()) != 1 {
		t.Errorf("empty Pareto: len %d, count %d, gini %v, hhi %v", p.Len(), n, p.Gini(), p.HHI())
	}
	var zero segmentation.Pareto
	if zero.Len() != 0 || zero.Top(3).Accounts != 0 || zero.Gini() != 0 {
		t.Errorf("zero Pareto is not empty")
	}
}

// Pareto edge cases: a single account, an all-zero total.
func TestParetoEdgeCases(t *testing.T) {
	one, _ := segmentation.NewPareto(map[account.ID]account.Money{"A": account.MustParseMoney("USD 7")})
	n, _ := one.CountFor(decimal.RequireFromString("0.8"))
	if n != 1 || one.Gini() != 0 || one.HHI() != 1 || one.EffectiveNumber() != 1 {
		t.Errorf("one account: count %d, gini %v, hhi %v, eff %v", n, one.Gini(), one.HHI(), one.EffectiveNumber())
	}
	zeros, _ := segmentation.NewPareto(map[account.ID]account.Money{"B": account.MustParseMoney("USD 0"), "A": account.MustParseMoney("USD 0")})
	n, _ = zeros.CountFor(decimal.RequireFromString("0.8"))
	abc, _ := zeros.ABC(segmentation.ABCCuts{})
	lz := zeros.Lorenz()
	if n != 0 || zeros.Gini() != 0 || zeros.HHI() != 0 || abc.Accounts != [3]int{0, 0, 2} || lz[1].Y != 0.5 {
		t.Errorf("all zero: count %d, gini %v, hhi %v, abc %v, lorenz %v", n, zeros.Gini(), zeros.HHI(), abc.Accounts, lz)
	}
	if s := zeros.Shares(); s[0].Account != "A" || s[0].Share != 0 {
		t.Errorf("all zero shares %+v (want ID order, share 0)", s)
	}
}

func TestAddPartial(t *testing.T) {
	asOf := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	a, _ := segmentation.NewAggregator(segmentation.Options{AsOf: asOf})
	// A store's GROUP BY result for account A, and one transaction more.
	p := segmentation.Partial{Account: "A", First: asOf.AddDate(0, -3, 0), Last: asOf.AddDate(0, 0, -10), Transactions: 4, Total: account.MustParseMoney("USD 100.25")}
	if err := a.AddPartial(p); err != nil {
		t.Fatal(err)
	}
	if err := a.Add(tx("t", "A", asOf.AddDate(0, 0, -2), "USD 0.005")); err != nil {
		t.Fatal(err)
	}
	r := mustScore(t, a).Row(0)
	if r.Transactions != 5 || r.Recency != 2 || r.Monetary.AmountString() != "100.255" || !r.First.Equal(p.First) {
		t.Errorf("row %+v", r)
	}
	var ce *segmentation.CurrencyError
	for name, c := range map[string]struct {
		p     segmentation.Partial
		field string
	}{
		"no account":  {segmentation.Partial{First: p.First, Last: p.Last, Transactions: 1, Total: p.Total}, "Account"},
		"reversed":    {segmentation.Partial{Account: "B", First: p.Last, Last: p.First, Transactions: 1, Total: p.Total}, "Last"},
		"after AsOf":  {segmentation.Partial{Account: "B", First: p.First, Last: asOf.AddDate(0, 0, 1), Transactions: 1, Total: p.Total}, "Last"},
		"no count":    {segmentation.Partial{Account: "B", First: p.First, Last: p.Last, Total: p.Total}, "Transactions"},
		"no currency": {segmentation.Partial{Account: "B", First: p.First, Last: p.Last, Transactions: 1}, "Total"},
		"no instants": {segmentation.Partial{Account: "B", Transactions: 1, Total: p.Total}, "First"},
		"too many":    {segmentation.Partial{Account: "A", First: p.First, Last: p.Last, Transactions: 1 << 32, Total: p.Total}, "Transactions"},
	} {
		wantField(t, name, a.AddPartial(c.p), account.FieldError{Record: "Partial", ID: string(c.p.Account), Field: c.field, Err: segmentation.ErrInvalid})
	}
	if err := a.AddPartial(segmentation.Partial{Account: "A", First: p.First, Last: p.Last, Transactions: 1, Total: account.MustParseMoney("EUR 1")}); !errors.As(err, &ce) {
		t.Errorf("currency: %v", err)
	}
	d, _ := segmentation.NewAggregator(segmentation.Options{AsOf: asOf, Frequency: segmentation.FrequencyDistinctDays})
	wantField(t, "distinct days without Dates", d.AddPartial(p), account.FieldError{Record: "Partial", ID: "A", Field: "Dates", Err: segmentation.ErrInvalid})
	since, _ := segmentation.NewAggregator(segmentation.Options{AsOf: asOf, Since: p.Last})
	wantField(t, "before Since", since.AddPartial(p), account.FieldError{Record: "Partial", ID: "A", Field: "First", Err: segmentation.ErrInvalid})
}

// Unknown values of the enumerations print as the other packages' do,
// "%!Type(v)", and never panic.
func TestEnumStringsOfUnknownValues(t *testing.T) {
	got := []string{
		segmentation.Binning(9).String(), segmentation.WarningKind(0).String(), segmentation.FrequencyBasis(77).String(),
		segmentation.MonetaryBasis(2).String(), segmentation.Problem(0).String(),
	}
	want := []string{"%!Binning(9)", "%!WarningKind(0)", "%!FrequencyBasis(77)", "%!MonetaryBasis(2)", "%!Problem(0)"}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("String of unknown values (-got +want):\n%s", diff)
	}
}

// Instants are int64 Unix nanoseconds: the dates at both ends of that range
// are accepted, and an instant outside it is refused with the exact range.
func TestInstantRange(t *testing.T) {
	const rng = "1677-09-21T00:12:43.145224193Z to 2262-04-11T23:47:16.854775807Z"
	a, _ := segmentation.NewAggregator(segmentation.Options{})
	l, _ := segmentation.NewLedger("USD", account.TransactionRevenue)
	for _, c := range []struct {
		at time.Time
		ok bool
	}{
		{time.Date(1677, 9, 22, 0, 0, 0, 0, time.UTC), true},
		{time.Date(2262, 4, 11, 0, 0, 0, 0, time.UTC), true},
		{time.Date(1677, 9, 21, 0, 0, 0, 0, time.UTC), false},
		{time.Date(2262, 4, 12, 0, 0, 0, 0, time.UTC), false},
	} {
		for name, err := range map[string]error{
			"Add":         a.Add(tx("1", "A", c.at, "USD 1")),
			"AppendUnits": l.AppendUnits("A", c.at, 1),
			"AddPartial":  a.AddPartial(segmentation.Partial{Account: "A", First: c.at, Last: c.at, Transactions: 1, Total: account.MustParseMoney("USD 1")}),
		} {
			var fe *account.FieldError
			if c.ok && err != nil || !c.ok && (!errors.Is(err, segmentation.ErrInvalid) || !errors.As(err, &fe) || !strings.Contains(fe.Reason, rng)) {
				t.Errorf("%s at %v: error %v; want ok %v, or the range %s", name, c.at, err, c.ok, rng)
			}
		}
		_, err := segmentation.NewAggregator(segmentation.Options{AsOf: c.at})
		var fe *account.FieldError
		if c.ok && err != nil || !c.ok && (!errors.As(err, &fe) || !strings.Contains(fe.Reason, rng)) {
			t.Errorf("Options.AsOf %v: error %v", c.at, err)
		}
	}
}

// wantField checks that err is an *account.FieldError naming want's
// record, ID and field and wrapping want.Err (its value and reason are
// not compared).
func wantField(t *testing.T, name string, err error, want account.FieldError) {
	t.Helper()
	var fe *account.FieldError
	if !errors.As(err, &fe) {
		t.Errorf("%s: error %v, want an *account.FieldError", name, err)
		return
	}
	if diff := cmp.Diff(*fe, want, cmpopts.EquateErrors(), cmpopts.IgnoreFields(account.FieldError{}, "Value", "Reason")); diff != "" {
		t.Errorf("%s: field error (-got +want):\n%s", name, diff)
	}
	if !errors.Is(err, segmentation.ErrInvalid) {
		t.Errorf("%s: %v does not wrap ErrInvalid", name, err)
	}
}

// The aggregation trusts its input to hold each transaction once, as the
// package doc says: a transaction given twice, with its ID, counts twice,
// on every way in.
func TestRepeatedTransactionCountsTwice(t *testing.T) {
	at := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	txs := []account.Transaction{tx("t1", "acme", at, "NZD 10.00"), tx("t1", "acme", at, "NZD 10.00")}
	want := segmentation.Row{Account: "acme", First: at, Last: at, Frequency: 2, Transactions: 2, Monetary: account.MustParseMoney("NZD 20.00")}
	stream := func(yield func(account.Transaction, error) bool) {
		for _, x := range txs {
			if !yield(x, nil) {
				return
			}
		}
	}
	fromSlice, err := segmentation.AggregateSlice(txs, segmentation.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fromStream, err := segmentation.Aggregate(stream, segmentation.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, a := range map[string]*segmentation.Aggregator{"AggregateSlice": fromSlice, "Aggregate": fromStream} {
		tab, err := segmentation.Score(a, segmentation.Scoring{})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := tab.Lookup("acme")
		got.Recency, got.R, got.F, got.M, got.Segment = 0, 0, 0, 0, ""
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("%s (-got +want):\n%s", name, diff)
		}
	}
}
