package storetest_test

import (
	"cmp"
	"context"
	"errors"
	"iter"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/store/storetest"
)

// groupBy pushes the aggregation down as a SQL store does, with a GROUP BY
// by account and currency written out in Go, independently of the
// segmentation package's code: the reference the suite is checked with.
// Its fields break it in one way each, for TestPartialsSuiteCatches.
type groupBy struct {
	*memstore.Store
	halfOpen      bool // the window is [Since, AsOf)
	utcDates      bool // distinct days and periods in UTC, whatever the Location
	noMixedCheck  bool // no ErrMixedKinds
	unsorted      bool // accounts in descending order
	roundCents    bool // totals rounded to cents
	ignoreContext bool // never checks the context
	lateDecline   bool // declines a time zone with ErrUnsupported after the first Partial
	declineUTC    bool // declines distinct periods in UTC
	noFirstTotal  bool // leaves FirstTotal zero
}

type groupKey struct {
	acct account.ID
	cur  account.Currency
}

type group struct {
	first, last time.Time
	n           int64
	total       account.Money
	periods     map[[3]int]time.Time // period -> earliest instant in it
	sums        map[[3]int]account.Money
}

// period names the day or period of at in loc.
func (g *groupBy) period(at time.Time, o segmentation.Options) [3]int {
	loc := o.Location
	if loc == nil || g.utcDates {
		loc = time.UTC
	}
	at = at.In(loc)
	y, m, d := at.Date()
	switch o.Frequency {
	case segmentation.FrequencyDistinctDays:
		return [3]int{y, int(m), d}
	case segmentation.FrequencyDistinctWeeks:
		wy, w := at.ISOWeek()
		return [3]int{wy, w, 0}
	case segmentation.FrequencyDistinctMonths:
		return [3]int{y, int(m), 0}
	case segmentation.FrequencyDistinctQuarters:
		return [3]int{y, (int(m) - 1) / 3, 0}
	}
	return [3]int{y, 0, 0}
}

func (g *groupBy) Partials(ctx context.Context, o segmentation.Options) iter.Seq2[segmentation.Partial, error] {
	if g.ignoreContext {
		ctx = context.Background()
	}
	return func(yield func(segmentation.Partial, error) bool) {
		fail := func(err error) { yield(segmentation.Partial{}, err) }
		if err := o.Validate(); err != nil {
			fail(err)
			return
		}
		utc := o.Location == nil || o.Location == time.UTC
		if g.declineUTC && utc && o.Frequency != segmentation.FrequencyTransactions {
			fail(errors.ErrUnsupported)
			return
		}
		groups := map[groupKey]*group{}
		kinds := map[account.TransactionKind]bool{}
		for tx, err := range g.Store.Transactions(ctx, account.TransactionFilter{}) {
			if err != nil {
				fail(err)
				return
			}
			kinds[tx.Kind] = true
			if o.Kind != 0 && tx.Kind != o.Kind {
				continue
			}
			if !o.AsOf.IsZero() && tx.At.After(o.AsOf) {
				if o.RejectFuture {
					fail(segmentation.ErrFuture)
					return
				}
				continue
			}
			if g.halfOpen && tx.At.Equal(o.AsOf) || !o.Since.IsZero() && tx.At.Before(o.Since) {
				continue
			}
			k := groupKey{tx.Account, tx.Amount.Currency()}
			gr := groups[k]
			if gr == nil {
				gr = &group{first: tx.At, last: tx.At, periods: map[[3]int]time.Time{}, sums: map[[3]int]account.Money{}}
				groups[k] = gr
			}
			gr.first, gr.last = minTime(gr.first, tx.At), maxTime(gr.last, tx.At)
			gr.n++
			gr.total, _ = gr.total.Add(tx.Amount)
			p := g.period(tx.At, o)
			if at, ok := gr.periods[p]; !ok || tx.At.Before(at) {
				gr.periods[p] = tx.At
			}
			gr.sums[p], _ = gr.sums[p].Add(tx.Amount)
		}
		if o.Kind == 0 && len(kinds) > 1 && !g.noMixedCheck {
			fail(segmentation.ErrMixedKinds)
			return
		}
		keys := slices.SortedFunc(maps.Keys(groups), func(a, b groupKey) int {
			return cmp.Or(strings.Compare(string(a.acct), string(b.acct)), strings.Compare(string(a.cur), string(b.cur)))
		})
		if g.unsorted {
			slices.Reverse(keys)
		}
		for i, k := range keys {
			if i == 1 && g.lateDecline && !utc {
				fail(errors.ErrUnsupported)
				return
			}
			if err := ctx.Err(); err != nil {
				fail(err)
				return
			}
			gr := groups[k]
			p := segmentation.Partial{Account: k.acct, First: gr.first, Last: gr.last, Transactions: gr.n, Total: gr.total}
			if g.roundCents {
				p.Total = p.Total.Round()
			}
			if o.Frequency != segmentation.FrequencyTransactions {
				p.Dates = slices.Collect(maps.Values(gr.periods))
				if !g.noFirstTotal {
					p.FirstTotal = gr.sums[g.period(gr.first, o)]
				}
			}
			if !yield(p, nil) {
				return
			}
		}
	}
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// TestPartials runs RunPartials on the reference.
func TestPartials(t *testing.T) {
	storetest.RunPartials(t, func(*testing.T) storetest.PushDownStore { return &groupBy{Store: memstore.New()} })
}

const brokenPartialsEnv = "STORETEST_BROKEN_PARTIALS_STORE"

var brokenPartialsStores = map[string]struct {
	store    groupBy
	run      string
	failures []string
	optional []string
}{
	"no-first-total": {
		store:    groupBy{noFirstTotal: true},
		run:      "^(Frequency|Equivalence)$",
		failures: []string{"Frequency", "Equivalence"},
	},
	"half-open": {
		store:    groupBy{halfOpen: true},
		run:      "^(Window|Future|Equivalence)$",
		failures: []string{"Window", "Future"},
		optional: []string{"Equivalence"},
	},
	"utc-dates": {
		store:    groupBy{utcDates: true},
		run:      "^(Frequency|Equivalence)$",
		failures: []string{"Frequency", "Equivalence"},
	},
	"no-mixed-check": {
		store:    groupBy{noMixedCheck: true},
		run:      "^(Kinds|Equivalence)$",
		failures: []string{"Kinds", "Equivalence"},
	},
	"unsorted": {
		store:    groupBy{unsorted: true},
		run:      "^(Fields|Order|Currencies|Equivalence)$",
		failures: []string{"Fields", "Order", "Currencies", "Equivalence"},
	},
	"round-cents": {
		store:    groupBy{roundCents: true},
		run:      "^(Fields|Many|Equivalence)$",
		failures: []string{"Fields", "Many", "Equivalence"},
	},
	"ignores-context": {
		store:    groupBy{ignoreContext: true},
		run:      "^Context$",
		failures: []string{"Context"},
	},
	"late-decline": {
		store:    groupBy{lateDecline: true},
		run:      "^(Frequency|Equivalence)$",
		failures: []string{"Frequency", "Equivalence"},
	},
	"declines-utc": {
		store:    groupBy{declineUTC: true},
		run:      "^(Fields|Frequency)$",
		failures: []string{"Fields", "Frequency"},
	},
}

// TestBrokenPartialsStore runs RunPartials on the broken store named in
// brokenPartialsEnv; it is meant to fail, and is skipped unless
// TestPartialsSuiteCatches runs it.
func TestBrokenPartialsStore(t *testing.T) {
	name := os.Getenv(brokenPartialsEnv)
	if name == "" {
		t.Skip("runs only as a child of TestPartialsSuiteCatches")
	}
	storetest.RunPartials(t, func(*testing.T) storetest.PushDownStore {
		g := brokenPartialsStores[name].store
		g.Store = memstore.New()
		return &g
	})
}

func TestPartialsSuiteCatches(t *testing.T) {
	for name, b := range brokenPartialsStores {
		expectCaught(t, "TestBrokenPartialsStore/Partials", brokenPartialsEnv, name, b.run, b.failures, b.optional)
	}
}
