package storetest

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/shopspring/decimal"
)

// pushed is what a store's Partials gave for one Options: the pairs it
// yielded, and the aggregate they build.
type pushed struct {
	parts       []segmentation.Partial
	errs        []error // one per pair yielded, nil for a Partial
	err         error   // the first error: the store's, or AddPartial's
	unsupported bool    // the store declined o with errors.ErrUnsupported
	agg         *segmentation.Aggregator
}

// pushDown reads s.Partials(ctx, o) to its end and feeds an Aggregator
// with AddPartial, as a caller does.
func pushDown(ctx context.Context, s segmentation.PartialStore, o segmentation.Options) pushed {
	var p pushed
	for part, err := range s.Partials(ctx, o) {
		p.errs = append(p.errs, err)
		if err != nil {
			if p.err == nil {
				p.err = err
			}
			continue
		}
		p.parts = append(p.parts, part)
	}
	p.unsupported = errors.Is(p.err, errors.ErrUnsupported)
	if p.err != nil {
		return p
	}
	agg, err := segmentation.NewAggregator(o)
	if err != nil {
		p.err = err
		return p
	}
	for _, part := range p.parts {
		if err := agg.AddPartial(part); err != nil {
			p.err = err
			return p
		}
	}
	p.agg = agg
	return p
}

// mustPushDown reports whether a store must push o down: every store
// computes dates in UTC; a time zone may be beyond it.
func mustPushDown(o segmentation.Options) bool {
	return o.Location == nil || o.Location == time.UTC
}

// conditions are what a store's transactions make of an Options: the
// errors the in-memory path may stop at, each of which push-down must be
// able to report.
type conditions struct {
	invalid  bool                // o fails Validate
	mixed    bool                // o.Kind is zero and the store holds both kinds
	future   bool                // o.RejectFuture and a counted-kind transaction after o.AsOf
	currency map[account.ID]bool // accounts whose counted transactions have two currencies
}

func conditionsOf(txs []account.Transaction, o segmentation.Options) conditions {
	c := conditions{invalid: o.Validate() != nil, currency: map[account.ID]bool{}}
	kinds := map[account.TransactionKind]bool{}
	curs := map[account.ID]account.Currency{}
	for _, tx := range txs {
		kinds[tx.Kind] = true
		if o.Kind != 0 && tx.Kind != o.Kind {
			continue
		}
		if o.RejectFuture && !o.AsOf.IsZero() && tx.At.After(o.AsOf) {
			c.future = true
		}
		if !counts(tx, o) {
			continue
		}
		if cur, ok := curs[tx.Account]; ok && cur != tx.Amount.Currency() {
			c.currency[tx.Account] = true
		}
		curs[tx.Account] = tx.Amount.Currency()
	}
	c.mixed = o.Kind == 0 && len(kinds) > 1
	return c
}

// counts reports whether the Options count tx.
func counts(tx account.Transaction, o segmentation.Options) bool {
	return (o.Kind == 0 || tx.Kind == o.Kind) &&
		(o.Since.IsZero() || !tx.At.Before(o.Since)) && (o.AsOf.IsZero() || !tx.At.After(o.AsOf))
}

// explains reports whether err is one the conditions allow.
func (c conditions) explains(err error) bool {
	var ce *segmentation.CurrencyError
	switch {
	case c.invalid && errors.Is(err, segmentation.ErrInvalid),
		c.mixed && errors.Is(err, segmentation.ErrMixedKinds),
		c.future && errors.Is(err, segmentation.ErrFuture),
		errors.As(err, &ce) && c.currency[ce.Account]:
		return true
	}
	return false
}

// partialCmp orders Partials as the contract does: by account ID, then
// currency.
func partialCmp(a, b segmentation.Partial) int {
	return cmp.Or(strings.Compare(string(a.Account), string(b.Account)),
		strings.Compare(string(a.Total.Currency()), string(b.Total.Currency())))
}

// checkPushDown checks s.Partials(ctx, o) against the in-memory path over
// the store's transactions, and the scored tables and Pareto analyses both
// give under sc. It returns false if the store declined o.
func checkPushDown(t reporter, ctx context.Context, s PushDownStore, o segmentation.Options, sc segmentation.Scoring) bool {
	t.Helper()
	txs := collect(t, "Transactions", s.Transactions(ctx, account.TransactionFilter{}))
	mem, memErr := segmentation.Aggregate(s.Transactions(ctx, account.TransactionFilter{}), o)
	pd := pushDown(ctx, s, o)
	what := "Partials(" + describe(o) + ")"

	// The shape of the sequence.
	if n := len(pd.errs); n > 0 && slices.ContainsFunc(pd.errs[:n-1], func(err error) bool { return err != nil }) {
		t.Errorf("%s yields an error before its last pair: %v", what, pd.errs)
	}
	if pd.unsupported {
		if len(pd.errs) != 1 {
			t.Errorf("%s declines with errors.ErrUnsupported after %d Partials; it must decline before any", what, len(pd.errs)-1)
		}
		if mustPushDown(o) {
			t.Errorf("%s declines with %v; every store must push down options in UTC", what, pd.err)
		}
		return false
	}
	if !slices.IsSortedFunc(pd.parts, partialCmp) {
		t.Errorf("%s yields Partials out of order (by account ID, then currency): %v", what, keysOf(pd.parts))
	}
	if i := firstRepeat(pd.parts); i >= 0 {
		t.Errorf("%s yields account %q in %s twice", what, pd.parts[i].Account, pd.parts[i].Total.Currency())
	}

	// Errors: push-down fails where the in-memory path fails, for a
	// reason the data gives.
	if memErr != nil || pd.err != nil {
		c := conditionsOf(txs, o)
		switch {
		case memErr == nil:
			t.Errorf("%s: push-down fails with %v; the in-memory path succeeds", what, pd.err)
		case pd.err == nil:
			t.Errorf("%s: push-down succeeds; the in-memory path fails with %v", what, memErr)
		case !c.explains(pd.err):
			t.Errorf("%s: push-down fails with %v; the in-memory path with %v (and the data explains only that)", what, pd.err, memErr)
		}
		return true
	}

	// The aggregates.
	diffPush(t, what+": aggregate (-push-down +in-memory)", exported(pd.agg), exported(mem))
	if ex := pd.agg.Excluded(); ex != (segmentation.Excluded{}) {
		t.Errorf("%s: push-down reports Excluded %+v, want none", what, ex)
	}
	tp, errP := segmentation.Score(pd.agg, sc)
	tm, errM := segmentation.Score(mem, sc)
	diffPush(t, what+": Score error (-push-down +in-memory)", errText(errP), errText(errM))
	if errP != nil || errM != nil {
		return true
	}
	diffPush(t, what+": scored table (-push-down +in-memory)", tableOf(tp, pd.agg.Len()), tableOf(tm, mem.Len()))
	pp, errP := tp.Pareto()
	pm, errM := tm.Pareto()
	diffPush(t, what+": Pareto error (-push-down +in-memory)", errText(errP), errText(errM))
	if errP == nil && errM == nil {
		diffPush(t, what+": Pareto (-push-down +in-memory)", paretoOf(pp), paretoOf(pm))
	}
	return true
}

// errText returns err's text, or "" for nil: the errors compared are
// built from the data, the same way on both paths.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// diffPush reports a difference between got and want, Money, decimals and
// times compared by value (by their Equal methods).
func diffPush(t reporter, what string, got, want any) {
	t.Helper()
	if d := gocmp.Diff(got, want); d != "" {
		t.Errorf("%s:\n%s", what, d)
	}
}

// exported is an aggregate in a canonical form: its own Partials, with
// Dates at the start of each distinct period, sorted.
func exported(a *segmentation.Aggregator) []segmentation.Partial {
	return slices.Collect(a.Partials())
}

// table is what a scored Table reports, for comparison.
type table struct {
	Len        int
	K          int
	AsOf       time.Time
	Currency   account.Currency
	Rows       []segmentation.Row
	Dimensions [3]segmentation.Dimension
	Warnings   []segmentation.Warning
	Negative   []account.ID
}

// tableOf returns what t reports; n is its aggregate's Len, which the
// table must have as rows.
func tableOf(t *segmentation.Table, n int) table {
	out := table{Len: t.Len(), K: t.K(), AsOf: t.AsOf(), Currency: t.Currency(), Dimensions: t.Dimensions(),
		Warnings: t.Warnings(), Negative: t.Negative()}
	for _, r := range t.All() {
		out.Rows = append(out.Rows, r)
	}
	if out.Len != n {
		out.Len = -1 // a table that lost rows differs from any
	}
	return out
}

// pareto is what a Pareto reports, for comparison.
type pareto struct {
	Total                           account.Money
	Shares                          []segmentation.Share
	Lorenz                          []segmentation.LorenzPoint
	ABC                             segmentation.ABC
	Count80                         int
	Top3                            segmentation.Top
	Gini, HHI, HHIPoints, Effective float64
}

func paretoOf(p *segmentation.Pareto) pareto {
	abc, _ := p.ABC(segmentation.ABCCuts{})
	n80, _ := p.CountFor(decimal.New(8, -1))
	return pareto{Total: p.Total(), Shares: p.Shares(), Lorenz: p.Lorenz(), ABC: abc, Count80: n80, Top3: p.Top(3),
		Gini: p.Gini(), HHI: p.HHI(), HHIPoints: p.HHIPoints(), Effective: p.EffectiveNumber()}
}

// keysOf returns the (account, currency) keys of parts, for messages.
func keysOf(parts []segmentation.Partial) []string {
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = string(p.Account) + "/" + string(p.Total.Currency())
	}
	return out
}

// firstRepeat returns the index of the first Partial whose account and
// currency come before it too, or -1.
func firstRepeat(parts []segmentation.Partial) int {
	seen := map[string]bool{}
	for i, k := range keysOf(parts) {
		if seen[k] {
			return i
		}
		seen[k] = true
	}
	return -1
}

// describe names the Options in messages.
func describe(o segmentation.Options) string {
	var b strings.Builder
	field := func(name, v string) {
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		b.WriteString(name + "=" + v)
	}
	if o.Kind != 0 {
		field("Kind", o.Kind.String())
	}
	if !o.Since.IsZero() {
		field("Since", o.Since.UTC().Format(time.RFC3339Nano))
	}
	if !o.AsOf.IsZero() {
		field("AsOf", o.AsOf.UTC().Format(time.RFC3339Nano))
	}
	if o.Location != nil {
		field("Location", o.Location.String())
	}
	if o.Frequency != 0 {
		field("Frequency", o.Frequency.String())
	}
	if o.Monetary != 0 {
		field("Monetary", o.Monetary.String())
	}
	if o.RejectFuture {
		field("RejectFuture", "true")
	}
	return b.String()
}
