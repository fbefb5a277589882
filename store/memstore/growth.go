package memstore

import (
	"context"
	"iter"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
)

var _ growth.Store = (*Store)(nil)

var (
	offeringKind = &kind[account.OfferingID, growth.Offering]{
		name:       "Offering",
		id:         func(o growth.Offering) account.OfferingID { return o.ID },
		version:    func(o growth.Offering) int64 { return o.Version },
		setVersion: func(o *growth.Offering, v int64) { o.Version = v },
		clone:      func(o growth.Offering) growth.Offering { return o }, // an Offering holds no references
		validate:   func(o growth.Offering) error { return invalid(o.Validate()) },
	}
	holdingKind = &kind[growth.HoldingID, growth.Holding]{
		name:       "Holding",
		id:         func(h growth.Holding) growth.HoldingID { return h.ID },
		version:    func(h growth.Holding) int64 { return h.Version },
		setVersion: func(h *growth.Holding, v int64) { h.Version = v },
		clone:      func(h growth.Holding) growth.Holding { return h }, // a Holding holds no references
		validate:   func(h growth.Holding) error { return invalid(h.Validate()) },
	}
	estimateKind = &kind[growth.EstimateID, growth.WalletEstimate]{
		name:       "WalletEstimate",
		id:         func(e growth.WalletEstimate) growth.EstimateID { return e.ID },
		version:    func(e growth.WalletEstimate) int64 { return e.Version },
		setVersion: func(e *growth.WalletEstimate, v int64) { e.Version = v },
		clone:      func(e growth.WalletEstimate) growth.WalletEstimate { return e }, // no references
		validate:   func(e growth.WalletEstimate) error { return invalid(e.Validate()) },
	}
)

// Offering returns the offering with the given ID. The error wraps
// [account.ErrNotFound] if there is none, or is ctx.Err().
func (s *Store) Offering(ctx context.Context, id account.OfferingID) (growth.Offering, error) {
	return s.offerings.get(ctx, offeringKind, id)
}

// Offerings yields the offerings that match f in ascending ID order. On a
// done context it yields (zero Offering, ctx.Err()) and stops.
func (s *Store) Offerings(ctx context.Context, f growth.OfferingFilter) iter.Seq2[growth.Offering, error] {
	return s.offerings.list(ctx, offeringKind, f.Match)
}

// CreateOffering stores a copy of o with Version 1 and returns it. The
// error wraps [account.ErrInvalid] (and [growth.ErrInvalid] if o fails
// Validate) if o is invalid or its Version is not 0, [account.ErrConflict]
// if its ID is taken, or is ctx.Err().
func (s *Store) CreateOffering(ctx context.Context, o growth.Offering) (growth.Offering, error) {
	return s.offerings.create(ctx, offeringKind, o)
}

// UpdateOffering replaces the stored offering with a copy of o and returns
// it with its version incremented. Its errors are those of
// [Store.UpdateAccount].
func (s *Store) UpdateOffering(ctx context.Context, o growth.Offering) (growth.Offering, error) {
	return s.offerings.update(ctx, offeringKind, o)
}

// DeleteOffering deletes the offering if its stored version is version.
// Its errors are those of [Store.DeleteAccount].
func (s *Store) DeleteOffering(ctx context.Context, id account.OfferingID, version int64) error {
	return s.offerings.remove(ctx, offeringKind, id, version)
}

// Holding returns the holding with the given ID. The error wraps
// [account.ErrNotFound] if there is none, or is ctx.Err().
func (s *Store) Holding(ctx context.Context, id growth.HoldingID) (growth.Holding, error) {
	return s.holdings.get(ctx, holdingKind, id)
}

// Holdings yields the holdings that match f in ascending ID order. On a
// done context it yields (zero Holding, ctx.Err()) and stops.
func (s *Store) Holdings(ctx context.Context, f growth.HoldingFilter) iter.Seq2[growth.Holding, error] {
	return s.holdings.list(ctx, holdingKind, f.Match)
}

// CreateHolding stores a copy of h with Version 1 and returns it. Its
// errors are those of [Store.CreateOffering].
func (s *Store) CreateHolding(ctx context.Context, h growth.Holding) (growth.Holding, error) {
	return s.holdings.create(ctx, holdingKind, h)
}

// UpdateHolding replaces the stored holding with a copy of h and returns
// it with its version incremented. Its errors are those of
// [Store.UpdateAccount].
func (s *Store) UpdateHolding(ctx context.Context, h growth.Holding) (growth.Holding, error) {
	return s.holdings.update(ctx, holdingKind, h)
}

// DeleteHolding deletes the holding if its stored version is version. Its
// errors are those of [Store.DeleteAccount].
func (s *Store) DeleteHolding(ctx context.Context, id growth.HoldingID, version int64) error {
	return s.holdings.remove(ctx, holdingKind, id, version)
}

// WalletEstimate returns the estimate with the given ID. The error wraps
// [account.ErrNotFound] if there is none, or is ctx.Err().
func (s *Store) WalletEstimate(ctx context.Context, id growth.EstimateID) (growth.WalletEstimate, error) {
	return s.estimates.get(ctx, estimateKind, id)
}

// WalletEstimates yields the estimates that match f in ascending ID order.
// On a done context it yields (zero WalletEstimate, ctx.Err()) and stops.
func (s *Store) WalletEstimates(ctx context.Context, f growth.EstimateFilter) iter.Seq2[growth.WalletEstimate, error] {
	return s.estimates.list(ctx, estimateKind, f.Match)
}

// CreateWalletEstimate stores a copy of e with Version 1 and returns it.
// Its errors are those of [Store.CreateOffering].
func (s *Store) CreateWalletEstimate(ctx context.Context, e growth.WalletEstimate) (growth.WalletEstimate, error) {
	return s.estimates.create(ctx, estimateKind, e)
}

// UpdateWalletEstimate replaces the stored estimate with a copy of e and
// returns it with its version incremented. Its errors are those of
// [Store.UpdateAccount].
func (s *Store) UpdateWalletEstimate(ctx context.Context, e growth.WalletEstimate) (growth.WalletEstimate, error) {
	return s.estimates.update(ctx, estimateKind, e)
}

// DeleteWalletEstimate deletes the estimate if its stored version is
// version. Its errors are those of [Store.DeleteAccount].
func (s *Store) DeleteWalletEstimate(ctx context.Context, id growth.EstimateID, version int64) error {
	return s.estimates.remove(ctx, estimateKind, id, version)
}
