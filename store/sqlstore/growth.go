package sqlstore

import (
	"context"
	"iter"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
	"github.com/shopspring/decimal"
)

// The stores of package growth (migration 0007): offerings, holdings and
// wallet estimates are versioned records like accounts, listed by ID.
// Their filters run in SQL, except a holding filter's HeldAt, which is
// checked in Go, with [growth.HoldingFilter.Match], on the rows the SQL
// part selects (the holdings of the account and offering asked for).

var _ growth.Store = (*Store)(nil)

var offerings = newVersioned(&versioned[account.OfferingID, growth.Offering]{
	record: "Offering",
	t: table{name: "ka_offerings", cols: []column{
		{name: "id"}, {name: "name"}, {name: "family"}, {name: "audience"}, {name: "lifecycle"},
	}},
	id:         func(o growth.Offering) account.OfferingID { return o.ID },
	version:    func(o growth.Offering) int64 { return o.Version },
	setVersion: func(o *growth.Offering, v int64) { o.Version = v },
	validate:   storeInvalid(growth.Offering.Validate),
	args: func(d Dialect, o growth.Offering) ([]any, error) {
		r := newRow(d, "Offering", string(o.ID))
		r.text("ID", string(o.ID))
		r.text("Name", o.Name)
		r.text("Family", o.Family)
		r.add(int64(o.Audience))
		r.add(int64(o.Lifecycle))
		return r.args, r.err
	},
	scan: func(sc scanner) (growth.Offering, error) {
		var o growth.Offering
		err := sc.Scan(
			(*string)(&o.ID), &o.Name, &o.Family,
			intCol[account.Audience]{v: &o.Audience, lo: 0, hi: 255},
			intCol[growth.Lifecycle]{v: &o.Lifecycle, lo: 0, hi: 255},
			&o.Version,
		)
		return o, err
	},
})

// Offering returns the offering with the given ID. The error wraps
// [account.ErrNotFound] if there is none.
func (s *Store) Offering(ctx context.Context, id account.OfferingID) (growth.Offering, error) {
	return offerings.getOne(ctx, s, id)
}

// Offerings yields the offerings that match f in ascending ID order
// (byte-wise), reading them from the database as the caller ranges.
func (s *Store) Offerings(ctx context.Context, f growth.OfferingFilter) iter.Seq2[growth.Offering, error] {
	var p params
	var conds []string
	if f.Family != "" {
		conds = append(conds, "family = "+p.add(f.Family))
	}
	if f.Lifecycle != 0 {
		conds = append(conds, "lifecycle = "+p.add(int64(f.Lifecycle)))
	}
	return offerings.list(ctx, s, conds, &p)
}

// CreateOffering stores o with Version 1 and returns the stored offering.
// The error wraps [account.ErrInvalid] (and [growth.ErrInvalid]) if o fails
// Validate or its Version is not 0, or [account.ErrConflict] if its ID is
// taken.
func (s *Store) CreateOffering(ctx context.Context, o growth.Offering) (growth.Offering, error) {
	return offerings.create(ctx, s, o)
}

// UpdateOffering replaces the stored offering with o, in one statement that
// checks and increments the version, and returns the stored offering. The
// error wraps [account.ErrInvalid], [account.ErrNotFound], or
// [account.ErrConflict] if o.Version is not the stored version.
func (s *Store) UpdateOffering(ctx context.Context, o growth.Offering) (growth.Offering, error) {
	return offerings.change(ctx, s, o)
}

// DeleteOffering deletes the offering if its stored version is version.
// The error wraps [account.ErrNotFound] or [account.ErrConflict]. Holdings
// and opportunities that name it are kept.
func (s *Store) DeleteOffering(ctx context.Context, id account.OfferingID, version int64) error {
	return offerings.delete(ctx, s, id, version)
}

var holdings = newVersioned(&versioned[growth.HoldingID, growth.Holding]{
	record: "Holding",
	t: table{name: "ka_holdings", cols: []column{
		{name: "id"}, {name: "account"}, {name: "offering"},
		{name: "held_from"}, {name: "held_to"},
		{name: "annual", cast: "numeric"}, {name: "annual_currency"},
	}},
	id:         func(h growth.Holding) growth.HoldingID { return h.ID },
	version:    func(h growth.Holding) int64 { return h.Version },
	setVersion: func(h *growth.Holding, v int64) { h.Version = v },
	validate:   storeInvalid(growth.Holding.Validate),
	args: func(d Dialect, h growth.Holding) ([]any, error) {
		r := newRow(d, "Holding", string(h.ID))
		r.text("ID", string(h.ID))
		r.text("Account", string(h.Account))
		r.text("Offering", string(h.Offering))
		r.time("Start", h.Start)
		r.time("End", h.End)
		r.money(h.Annual)
		return r.args, r.err
	},
	scan: func(sc scanner) (growth.Holding, error) {
		var h growth.Holding
		var annual decimal.Decimal
		var currency string
		err := sc.Scan(
			(*string)(&h.ID), (*string)(&h.Account), (*string)(&h.Offering),
			timeCol{&h.Start}, timeCol{&h.End},
			decimalCol{&annual}, &currency,
			&h.Version,
		)
		if err != nil {
			return h, err
		}
		h.Annual, err = moneyOf(annual, currency)
		return h, err
	},
})

// Holding returns the holding with the given ID. The error wraps
// [account.ErrNotFound] if there is none.
func (s *Store) Holding(ctx context.Context, id growth.HoldingID) (growth.Holding, error) {
	return holdings.getOne(ctx, s, id)
}

// Holdings yields the holdings that match f in ascending ID order
// (byte-wise), reading them from the database as the caller ranges. The
// account and the offering are selected in SQL; f.HeldAt is checked with
// [growth.HoldingFilter.Match] on the stored times (whole microseconds).
func (s *Store) Holdings(ctx context.Context, f growth.HoldingFilter) iter.Seq2[growth.Holding, error] {
	var p params
	var conds []string
	if f.Account != "" {
		conds = append(conds, "account = "+p.add(string(f.Account)))
	}
	if f.Offering != "" {
		conds = append(conds, "offering = "+p.add(string(f.Offering)))
	}
	seq := holdings.list(ctx, s, conds, &p)
	if f.HeldAt.IsZero() {
		return seq
	}
	return matching(seq, f.Match)
}

// CreateHolding stores h with Version 1 and returns the stored holding.
// Its errors are those of [Store.CreateOffering].
func (s *Store) CreateHolding(ctx context.Context, h growth.Holding) (growth.Holding, error) {
	return holdings.create(ctx, s, h)
}

// UpdateHolding replaces the stored holding with h, in one statement that
// checks and increments the version, and returns the stored holding. Its
// errors are those of [Store.UpdateOffering].
func (s *Store) UpdateHolding(ctx context.Context, h growth.Holding) (growth.Holding, error) {
	return holdings.change(ctx, s, h)
}

// DeleteHolding deletes the holding if its stored version is version. The
// error wraps [account.ErrNotFound] or [account.ErrConflict].
func (s *Store) DeleteHolding(ctx context.Context, id growth.HoldingID, version int64) error {
	return holdings.delete(ctx, s, id, version)
}

var estimates = newVersioned(&versioned[growth.EstimateID, growth.WalletEstimate]{
	record: "WalletEstimate",
	t: table{name: "ka_wallet_estimates", cols: []column{
		{name: "id"}, {name: "account"}, {name: "category"},
		{name: "period_from"}, {name: "period_to"},
		{name: "total", cast: "numeric"}, {name: "total_currency"},
		{name: "source"}, {name: "estimated"},
	}},
	id:         func(e growth.WalletEstimate) growth.EstimateID { return e.ID },
	version:    func(e growth.WalletEstimate) int64 { return e.Version },
	setVersion: func(e *growth.WalletEstimate, v int64) { e.Version = v },
	validate:   storeInvalid(growth.WalletEstimate.Validate),
	args: func(d Dialect, e growth.WalletEstimate) ([]any, error) {
		r := newRow(d, "WalletEstimate", string(e.ID))
		r.text("ID", string(e.ID))
		r.text("Account", string(e.Account))
		r.text("Category", e.Category)
		r.time("From", e.From)
		r.time("To", e.To)
		r.money(e.Total)
		r.text("Source", e.Source)
		r.time("Estimated", e.Estimated)
		return r.args, r.err
	},
	scan: func(sc scanner) (growth.WalletEstimate, error) {
		var e growth.WalletEstimate
		var total decimal.Decimal
		var currency string
		err := sc.Scan(
			(*string)(&e.ID), (*string)(&e.Account), &e.Category,
			timeCol{&e.From}, timeCol{&e.To},
			decimalCol{&total}, &currency,
			&e.Source, timeCol{&e.Estimated},
			&e.Version,
		)
		if err != nil {
			return e, err
		}
		e.Total, err = moneyOf(total, currency)
		return e, err
	},
})

// WalletEstimate returns the estimate with the given ID. The error wraps
// [account.ErrNotFound] if there is none.
func (s *Store) WalletEstimate(ctx context.Context, id growth.EstimateID) (growth.WalletEstimate, error) {
	return estimates.getOne(ctx, s, id)
}

// WalletEstimates yields the estimates that match f in ascending ID order
// (byte-wise), reading them from the database as the caller ranges.
func (s *Store) WalletEstimates(ctx context.Context, f growth.EstimateFilter) iter.Seq2[growth.WalletEstimate, error] {
	var p params
	var conds []string
	if f.Account != "" {
		conds = append(conds, "account = "+p.add(string(f.Account)))
	}
	if f.Category != "" {
		conds = append(conds, "category = "+p.add(f.Category))
	}
	return estimates.list(ctx, s, conds, &p)
}

// CreateWalletEstimate stores e with Version 1 and returns the stored
// estimate. Its errors are those of [Store.CreateOffering].
func (s *Store) CreateWalletEstimate(ctx context.Context, e growth.WalletEstimate) (growth.WalletEstimate, error) {
	return estimates.create(ctx, s, e)
}

// UpdateWalletEstimate replaces the stored estimate with e, in one
// statement that checks and increments the version, and returns the
// stored estimate. Its errors are those of [Store.UpdateOffering].
func (s *Store) UpdateWalletEstimate(ctx context.Context, e growth.WalletEstimate) (growth.WalletEstimate, error) {
	return estimates.change(ctx, s, e)
}

// DeleteWalletEstimate deletes the estimate if its stored version is
// version. The error wraps [account.ErrNotFound] or [account.ErrConflict].
func (s *Store) DeleteWalletEstimate(ctx context.Context, id growth.EstimateID, version int64) error {
	return estimates.delete(ctx, s, id, version)
}

// matching yields the values of seq for which match reports true, and
// seq's error as it is.
func matching[V any](seq iter.Seq2[V, error], match func(V) bool) iter.Seq2[V, error] {
	return func(yield func(V, error) bool) {
		for v, err := range seq {
			if (err != nil || match(v)) && !yield(v, err) {
				return
			}
		}
	}
}
