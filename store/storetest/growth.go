package storetest

import (
	"context"
	"fmt"
	"iter"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
	"pgregory.net/rapid"
)

// RunGrowth runs the conformance suite of [growth.Store] (offerings,
// holdings and wallet estimates) against stores made by newStore, each
// check in a subtest of t: for each kind, create, read, update and delete
// with versions; not-found; conflicts on a taken ID and a stale version;
// invalid records rejected with [account.ErrInvalid], [growth.ErrInvalid]
// and a [*account.FieldError] naming the field, on create and on update,
// leaving the store as it was; every filter field (a holding's HeldAt at
// both edges of its half-open period); ascending ID order; done contexts; concurrent read-modify-write
// and racing creates; and a rapid model test. newStore must return a new,
// empty store each time it is called, as for [Run]. It panics if newStore
// is nil.
func RunGrowth(t *testing.T, newStore func(t *testing.T) growth.Store) {
	if newStore == nil {
		panic("storetest: RunGrowth called with a nil newStore")
	}
	asStore := func(t *testing.T) account.Store { return growthStore{gs: newStore(t)} }
	t.Run("Offerings", func(t *testing.T) {
		testRecords(t, asStore, offerings)
		testGrowthInvalid(t, asStore, offerings, invalidOfferings)
		t.Run("Filters", func(t *testing.T) { testOfferingFilters(t, newStore(t)) })
		testGrowthContext(t, asStore, offerings)
		t.Run("Concurrency/NoLostUpdate", func(t *testing.T) { testNoLostUpdate(t, asStore(t), offerings) })
		t.Run("Concurrency/CreateRace", func(t *testing.T) { testCreateRace(t, asStore(t), offerings) })
		t.Run("Model", func(t *testing.T) {
			rapid.Check(t, func(rt *rapid.T) { runRecordModel(rt, t.Context(), asStore(t), offeringModel) })
		})
	})
	t.Run("Holdings", func(t *testing.T) {
		testRecords(t, asStore, holdings)
		testGrowthInvalid(t, asStore, holdings, invalidHoldings)
		t.Run("Filters", func(t *testing.T) { testHoldingFilters(t, newStore(t)) })
		testGrowthContext(t, asStore, holdings)
		t.Run("Concurrency/NoLostUpdate", func(t *testing.T) { testNoLostUpdate(t, asStore(t), holdings) })
		t.Run("Concurrency/CreateRace", func(t *testing.T) { testCreateRace(t, asStore(t), holdings) })
		t.Run("Model", func(t *testing.T) {
			rapid.Check(t, func(rt *rapid.T) { runRecordModel(rt, t.Context(), asStore(t), holdingModel) })
		})
	})
	t.Run("WalletEstimates", func(t *testing.T) {
		testRecords(t, asStore, estimates)
		testGrowthInvalid(t, asStore, estimates, invalidEstimates)
		t.Run("Filters", func(t *testing.T) { testEstimateFilters(t, newStore(t)) })
		testGrowthContext(t, asStore, estimates)
		t.Run("Concurrency/NoLostUpdate", func(t *testing.T) { testNoLostUpdate(t, asStore(t), estimates) })
		t.Run("Concurrency/CreateRace", func(t *testing.T) { testCreateRace(t, asStore(t), estimates) })
		t.Run("Model", func(t *testing.T) {
			rapid.Check(t, func(rt *rapid.T) { runRecordModel(rt, t.Context(), asStore(t), estimateModel) })
		})
	})
}

// growthStore is a growth.Store seen as an account.Store, for the generic
// record checks, which call it only through the growth recordKinds. Its
// account.Store methods are nil and must not be called.
type growthStore struct {
	account.Store
	gs growth.Store
}

func growthOf(s account.Store) growth.Store { return s.(growthStore).gs }

// An invalidCase is a record that fails Validate and the field at fault.
type invalidCase[R any] struct {
	r     R
	field string
}

// testGrowthInvalid checks that every invalid record is rejected on
// create and on update with both sentinels and a FieldError naming the
// field, and that the store is left as it was.
func testGrowthInvalid[K ~string, R any](t *testing.T, newStore func(*testing.T) account.Store, k *recordKind[K, R], cases func(K) []invalidCase[R]) {
	t.Run("InvalidFields", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		for _, tc := range cases("g-1") {
			_, err := k.create(s, ctx, tc.r)
			wantFieldError(t, "create with a bad "+tc.field, err, "g-1", tc.field)
			wantErr(t, "create with a bad "+tc.field, err, growth.ErrInvalid)
			wantErr(t, "create with a bad "+tc.field, err, account.ErrInvalid)
		}
		_, err := k.get(s, ctx, "g-1")
		wantErr(t, "read after the rejected creates", err, account.ErrNotFound)
		stored, err := k.create(s, ctx, k.sample("g-1", 1))
		wantNoErr(t, "create", err)
		for _, tc := range cases("g-1") {
			_, err = k.update(s, ctx, k.withVersion(tc.r, 1))
			wantFieldError(t, "update with a bad "+tc.field, err, "g-1", tc.field)
			wantErr(t, "update with a bad "+tc.field, err, account.ErrInvalid)
		}
		got, err := k.get(s, ctx, "g-1")
		wantNoErr(t, "read", err)
		diff(t, "record after the rejected updates", got, stored)
	})
}

// testGrowthContext checks every method on done contexts.
func testGrowthContext[K ~string, R any](t *testing.T, newStore func(*testing.T) account.Store, k *recordKind[K, R]) {
	t.Run("Context", func(t *testing.T) {
		for _, d := range doneContexts() {
			s := newStore(t)
			_, err := k.create(s, t.Context(), k.sample("g-1", 1))
			wantNoErr(t, "create", err)
			before := collect(t, "list", k.all(s, t.Context()))
			_, err = k.get(s, d.ctx, "g-1")
			wantErr(t, d.name+": get", err, d.err)
			_, err = k.create(s, d.ctx, k.sample("g-2", 2))
			wantErr(t, d.name+": create", err, d.err)
			_, err = k.update(s, d.ctx, k.withVersion(k.sample("g-1", 2), 1))
			wantErr(t, d.name+": update", err, d.err)
			wantErr(t, d.name+": delete", k.remove(s, d.ctx, "g-1", 1), d.err)
			wantOnePair(t, d.name+": list", k.all(s, d.ctx), d.err)
			diff(t, d.name+": store after calls on a done context", collect(t, "list", k.all(s, t.Context())), before)
		}
	})
}

var (
	growthFamilies = []string{"payments", "cards", "lending"}
	growthAccounts = []account.ID{"a0", "a1", "a2"}
)

func sampleOffering(id account.OfferingID, n int) growth.Offering {
	return growth.Offering{ID: id, Name: fmt.Sprint("Offering ", n), Family: growthFamilies[n%3], Audience: account.Audience(n % 3),
		Lifecycle: growth.Lifecycle(1 + n%3)}
}

func invalidOfferings(id account.OfferingID) []invalidCase[growth.Offering] {
	base := sampleOffering(id, 1)
	noName, noFamily, noAud, badLife := base, base, base, base
	noName.Name = ""
	noFamily.Family = " x"
	noAud.Audience = account.AudienceInternal + 1
	badLife.Lifecycle = growth.LifecycleRetired + 1
	return []invalidCase[growth.Offering]{{noName, "Name"}, {noFamily, "Family"}, {noAud, "Audience"}, {badLife, "Lifecycle"}}
}

var offerings = &recordKind[account.OfferingID, growth.Offering]{
	name: "Offering",
	get: func(s account.Store, ctx context.Context, id account.OfferingID) (growth.Offering, error) {
		return growthOf(s).Offering(ctx, id)
	},
	all: func(s account.Store, ctx context.Context) iter.Seq2[growth.Offering, error] {
		return growthOf(s).Offerings(ctx, growth.OfferingFilter{})
	},
	create: func(s account.Store, ctx context.Context, o growth.Offering) (growth.Offering, error) {
		return growthOf(s).CreateOffering(ctx, o)
	},
	update: func(s account.Store, ctx context.Context, o growth.Offering) (growth.Offering, error) {
		return growthOf(s).UpdateOffering(ctx, o)
	},
	remove: func(s account.Store, ctx context.Context, id account.OfferingID, v int64) error {
		return growthOf(s).DeleteOffering(ctx, id, v)
	},
	id:          func(o growth.Offering) account.OfferingID { return o.ID },
	version:     func(o growth.Offering) int64 { return o.Version },
	withVersion: func(o growth.Offering, v int64) growth.Offering { o.Version = v; return o },
	label:       func(o growth.Offering) string { return o.Name },
	withLabel:   func(o growth.Offering, l string) growth.Offering { o.Name = l; return o },
	clone:       func(o growth.Offering) growth.Offering { return o },
	sample:      sampleOffering,
	invalid: func(id account.OfferingID) (growth.Offering, string) {
		c := invalidOfferings(id)[0]
		return c.r, c.field
	},
}

var offeringModel = &recordModel[account.OfferingID, growth.Offering, growth.OfferingFilter]{
	recordKind: offerings,
	draw: func(t *rapid.T, id account.OfferingID) growth.Offering {
		return sampleOffering(id, rapid.IntRange(0, 20).Draw(t, "n"))
	},
	drawFilter: func(t *rapid.T) growth.OfferingFilter {
		return growth.OfferingFilter{Family: rapid.SampledFrom(append([]string{""}, growthFamilies...)).Draw(t, "family"),
			Lifecycle: growth.Lifecycle(rapid.IntRange(0, 3).Draw(t, "lifecycle"))}
	},
	list: func(s account.Store, ctx context.Context, f growth.OfferingFilter) iter.Seq2[growth.Offering, error] {
		return growthOf(s).Offerings(ctx, f)
	},
	match: growth.OfferingFilter.Match,
}

func testOfferingFilters(t *testing.T, s growth.Store) {
	ctx := t.Context()
	for _, n := range []int{4, 0, 2, 1, 3} { // families payments, cards, lending by n%3; lifecycles 1 + n%3
		_, err := s.CreateOffering(ctx, sampleOffering(account.OfferingID(fmt.Sprint("o", n)), n))
		wantNoErr(t, "create", err)
	}
	for _, tc := range []struct {
		name string
		f    growth.OfferingFilter
		want []account.OfferingID
	}{
		{"zero filter", growth.OfferingFilter{}, []account.OfferingID{"o0", "o1", "o2", "o3", "o4"}},
		{"Family", growth.OfferingFilter{Family: "payments"}, []account.OfferingID{"o0", "o3"}},
		{"Family nobody has", growth.OfferingFilter{Family: "fax"}, nil},
		{"Lifecycle", growth.OfferingFilter{Lifecycle: growth.LifecycleRetiring}, []account.OfferingID{"o1", "o4"}},
		{"Family and Lifecycle", growth.OfferingFilter{Family: "cards", Lifecycle: growth.LifecycleRetiring}, []account.OfferingID{"o1", "o4"}},
		{"Family and another Lifecycle", growth.OfferingFilter{Family: "cards", Lifecycle: growth.LifecycleActive}, nil},
	} {
		diff(t, tc.name, ids(collect(t, tc.name, s.Offerings(ctx, tc.f)), func(o growth.Offering) account.OfferingID { return o.ID }), tc.want)
	}
}

func sampleHolding(id growth.HoldingID, n int) growth.Holding {
	m, _ := account.ParseMoney(fmt.Sprintf("NZD %d.50", 1000+n), "")
	return growth.Holding{ID: id, Account: growthAccounts[n%3], Offering: account.OfferingID(fmt.Sprint("o", n%2)),
		Start: hours(n), End: hours(n + 10), Annual: m}
}

func invalidHoldings(id growth.HoldingID) []invalidCase[growth.Holding] {
	base := sampleHolding(id, 1)
	noAcct, noOff, backwards, negative := base, base, base, base
	noAcct.Account = ""
	noOff.Offering = ""
	backwards.End = backwards.Start
	negative.Annual = account.MustParseMoney("NZD -1")
	return []invalidCase[growth.Holding]{{noAcct, "Account"}, {noOff, "Offering"}, {backwards, "End"}, {negative, "Annual"}}
}

var holdings = &recordKind[growth.HoldingID, growth.Holding]{
	name: "Holding",
	get: func(s account.Store, ctx context.Context, id growth.HoldingID) (growth.Holding, error) {
		return growthOf(s).Holding(ctx, id)
	},
	all: func(s account.Store, ctx context.Context) iter.Seq2[growth.Holding, error] {
		return growthOf(s).Holdings(ctx, growth.HoldingFilter{})
	},
	create: func(s account.Store, ctx context.Context, h growth.Holding) (growth.Holding, error) {
		return growthOf(s).CreateHolding(ctx, h)
	},
	update: func(s account.Store, ctx context.Context, h growth.Holding) (growth.Holding, error) {
		return growthOf(s).UpdateHolding(ctx, h)
	},
	remove: func(s account.Store, ctx context.Context, id growth.HoldingID, v int64) error {
		return growthOf(s).DeleteHolding(ctx, id, v)
	},
	id:          func(h growth.Holding) growth.HoldingID { return h.ID },
	version:     func(h growth.Holding) int64 { return h.Version },
	withVersion: func(h growth.Holding, v int64) growth.Holding { h.Version = v; return h },
	// The offering ID serves as the label the concurrency checks append to.
	label:     func(h growth.Holding) string { return string(h.Offering) },
	withLabel: func(h growth.Holding, l string) growth.Holding { h.Offering = account.OfferingID(l); return h },
	clone:     func(h growth.Holding) growth.Holding { return h },
	sample:    sampleHolding,
	invalid: func(id growth.HoldingID) (growth.Holding, string) {
		c := invalidHoldings(id)[0]
		return c.r, c.field
	},
}

var holdingModel = &recordModel[growth.HoldingID, growth.Holding, growth.HoldingFilter]{
	recordKind: holdings,
	draw: func(t *rapid.T, id growth.HoldingID) growth.Holding {
		h := sampleHolding(id, rapid.IntRange(0, 20).Draw(t, "n"))
		if rapid.Bool().Draw(t, "open") {
			h.End = time.Time{}
		}
		return h
	},
	drawFilter: func(t *rapid.T) growth.HoldingFilter {
		f := growth.HoldingFilter{Account: rapid.SampledFrom(append([]account.ID{""}, growthAccounts...)).Draw(t, "account"),
			Offering: rapid.SampledFrom([]account.OfferingID{"", "o0", "o1"}).Draw(t, "offering")}
		if rapid.Bool().Draw(t, "heldAt") {
			f.HeldAt = hours(rapid.IntRange(0, 32).Draw(t, "at"))
		}
		return f
	},
	list: func(s account.Store, ctx context.Context, f growth.HoldingFilter) iter.Seq2[growth.Holding, error] {
		return growthOf(s).Holdings(ctx, f)
	},
	match: growth.HoldingFilter.Match,
}

func testHoldingFilters(t *testing.T, s growth.Store) {
	ctx := t.Context()
	for _, n := range []int{3, 0, 2, 1} { // account a(n%3), offering o(n%2), held [hours(n), hours(n+10))
		_, err := s.CreateHolding(ctx, sampleHolding(growth.HoldingID(fmt.Sprint("h", n)), n))
		wantNoErr(t, "create", err)
	}
	open := sampleHolding("h9", 0)
	open.End = time.Time{}
	_, err := s.CreateHolding(ctx, open)
	wantNoErr(t, "create", err)
	for _, tc := range []struct {
		name string
		f    growth.HoldingFilter
		want []growth.HoldingID
	}{
		{"zero filter", growth.HoldingFilter{}, []growth.HoldingID{"h0", "h1", "h2", "h3", "h9"}},
		{"Account", growth.HoldingFilter{Account: "a0"}, []growth.HoldingID{"h0", "h3", "h9"}},
		{"Offering", growth.HoldingFilter{Offering: "o1"}, []growth.HoldingID{"h1", "h3"}},
		{"Account and Offering", growth.HoldingFilter{Account: "a0", Offering: "o1"}, []growth.HoldingID{"h3"}},
		{"HeldAt a Start", growth.HoldingFilter{HeldAt: hours(3)}, []growth.HoldingID{"h0", "h1", "h2", "h3", "h9"}},
		{"HeldAt just before a Start", growth.HoldingFilter{HeldAt: hours(3).Add(-time.Microsecond)}, []growth.HoldingID{"h0", "h1", "h2", "h9"}},
		{"HeldAt an End", growth.HoldingFilter{HeldAt: hours(10)}, []growth.HoldingID{"h1", "h2", "h3", "h9"}},
		{"HeldAt just before an End", growth.HoldingFilter{HeldAt: hours(10).Add(-time.Microsecond)}, []growth.HoldingID{"h0", "h1", "h2", "h3", "h9"}},
		{"HeldAt in another zone", growth.HoldingFilter{HeldAt: hours(13).In(nzTime)}, []growth.HoldingID{"h9"}},
	} {
		diff(t, tc.name, ids(collect(t, tc.name, s.Holdings(ctx, tc.f)), func(h growth.Holding) growth.HoldingID { return h.ID }), tc.want)
	}
}

func sampleEstimate(id growth.EstimateID, n int) growth.WalletEstimate {
	m, _ := account.ParseMoney(fmt.Sprintf("NZD %d.25", 50000+n), "")
	return growth.WalletEstimate{ID: id, Account: growthAccounts[n%3], Category: append([]string{""}, growthFamilies...)[n%4],
		From: hours(n), To: hours(n + 100), Total: m, Source: fmt.Sprint("survey ", n), Estimated: hours(n).In(nzTime)}
}

func invalidEstimates(id growth.EstimateID) []invalidCase[growth.WalletEstimate] {
	base := sampleEstimate(id, 1)
	noSource, zero, backwards, badCat := base, base, base, base
	noSource.Source = ""
	zero.Total = account.MustParseMoney("NZD 0")
	backwards.To = backwards.From
	badCat.Category = "cards\n"
	return []invalidCase[growth.WalletEstimate]{{noSource, "Source"}, {zero, "Total"}, {backwards, "To"}, {badCat, "Category"}}
}

var estimates = &recordKind[growth.EstimateID, growth.WalletEstimate]{
	name: "WalletEstimate",
	get: func(s account.Store, ctx context.Context, id growth.EstimateID) (growth.WalletEstimate, error) {
		return growthOf(s).WalletEstimate(ctx, id)
	},
	all: func(s account.Store, ctx context.Context) iter.Seq2[growth.WalletEstimate, error] {
		return growthOf(s).WalletEstimates(ctx, growth.EstimateFilter{})
	},
	create: func(s account.Store, ctx context.Context, e growth.WalletEstimate) (growth.WalletEstimate, error) {
		return growthOf(s).CreateWalletEstimate(ctx, e)
	},
	update: func(s account.Store, ctx context.Context, e growth.WalletEstimate) (growth.WalletEstimate, error) {
		return growthOf(s).UpdateWalletEstimate(ctx, e)
	},
	remove: func(s account.Store, ctx context.Context, id growth.EstimateID, v int64) error {
		return growthOf(s).DeleteWalletEstimate(ctx, id, v)
	},
	id:          func(e growth.WalletEstimate) growth.EstimateID { return e.ID },
	version:     func(e growth.WalletEstimate) int64 { return e.Version },
	withVersion: func(e growth.WalletEstimate, v int64) growth.WalletEstimate { e.Version = v; return e },
	label:       func(e growth.WalletEstimate) string { return e.Source },
	withLabel:   func(e growth.WalletEstimate, l string) growth.WalletEstimate { e.Source = l; return e },
	clone:       func(e growth.WalletEstimate) growth.WalletEstimate { return e },
	sample:      sampleEstimate,
	invalid: func(id growth.EstimateID) (growth.WalletEstimate, string) {
		c := invalidEstimates(id)[0]
		return c.r, c.field
	},
}

var estimateModel = &recordModel[growth.EstimateID, growth.WalletEstimate, growth.EstimateFilter]{
	recordKind: estimates,
	draw: func(t *rapid.T, id growth.EstimateID) growth.WalletEstimate {
		return sampleEstimate(id, rapid.IntRange(0, 20).Draw(t, "n"))
	},
	drawFilter: func(t *rapid.T) growth.EstimateFilter {
		return growth.EstimateFilter{Account: rapid.SampledFrom(append([]account.ID{""}, growthAccounts...)).Draw(t, "account"),
			Category: rapid.SampledFrom(append([]string{""}, growthFamilies...)).Draw(t, "category")}
	},
	list: func(s account.Store, ctx context.Context, f growth.EstimateFilter) iter.Seq2[growth.WalletEstimate, error] {
		return growthOf(s).WalletEstimates(ctx, f)
	},
	match: growth.EstimateFilter.Match,
}

func testEstimateFilters(t *testing.T, s growth.Store) {
	ctx := t.Context()
	for _, n := range []int{5, 0, 2, 1, 3, 4} { // account a(n%3), category ["", payments, cards, lending][n%4]
		_, err := s.CreateWalletEstimate(ctx, sampleEstimate(growth.EstimateID(fmt.Sprint("e", n)), n))
		wantNoErr(t, "create", err)
	}
	for _, tc := range []struct {
		name string
		f    growth.EstimateFilter
		want []growth.EstimateID
	}{
		{"zero filter", growth.EstimateFilter{}, []growth.EstimateID{"e0", "e1", "e2", "e3", "e4", "e5"}},
		{"Account", growth.EstimateFilter{Account: "a1"}, []growth.EstimateID{"e1", "e4"}},
		{"Category", growth.EstimateFilter{Category: "payments"}, []growth.EstimateID{"e1", "e5"}},
		{"Account and Category", growth.EstimateFilter{Account: "a2", Category: "payments"}, []growth.EstimateID{"e5"}},
		{"Category nobody has", growth.EstimateFilter{Category: "fax"}, nil},
	} {
		diff(t, tc.name, ids(collect(t, tc.name, s.WalletEstimates(ctx, tc.f)), func(e growth.WalletEstimate) growth.EstimateID { return e.ID }), tc.want)
	}
}
