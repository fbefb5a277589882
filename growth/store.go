package growth

import (
	"context"
	"iter"
	"time"

	"github.com/keyaccount/keyaccount/account"
)

// Storage. The interfaces below keep the catalogue, the holdings and the
// wallet estimates, each with the contract written above
// [account.AccountReader]: a context first; copies in and out; versions
// (Create stores Version 1, each update the version it was given plus 1,
// a stale version or a taken ID wraps [account.ErrConflict]); a missing
// record wraps [account.ErrNotFound]; a record that fails its Validate
// method wraps both [account.ErrInvalid] and [ErrInvalid] with the
// [*account.FieldError] values; lists in ascending ID order. store/memstore
// implements them and store/storetest checks them (its RunGrowth).

// OfferingStore keeps the catalogue of offerings.
type OfferingStore interface {
	// Offering returns the offering with the given ID, or an error
	// wrapping account.ErrNotFound.
	Offering(ctx context.Context, id account.OfferingID) (Offering, error)
	// Offerings yields the offerings that match f in ascending ID order.
	Offerings(ctx context.Context, f OfferingFilter) iter.Seq2[Offering, error]
	// CreateOffering stores a new offering with Version 1 and returns it.
	CreateOffering(ctx context.Context, o Offering) (Offering, error)
	// UpdateOffering replaces a stored offering whose version matches and
	// returns it with the version incremented.
	UpdateOffering(ctx context.Context, o Offering) (Offering, error)
	// DeleteOffering deletes an offering whose version matches.
	DeleteOffering(ctx context.Context, id account.OfferingID, version int64) error
}

// OfferingFilter selects offerings. The zero OfferingFilter selects all;
// each field that is set narrows the selection.
type OfferingFilter struct {
	Family    string    // only offerings of this family
	Lifecycle Lifecycle // only offerings in this lifecycle, if set
}

// Match reports whether o passes the filter; it defines the filter's
// meaning.
func (f OfferingFilter) Match(o Offering) bool {
	return (f.Family == "" || o.Family == f.Family) && (f.Lifecycle == 0 || o.Lifecycle == f.Lifecycle)
}

// HoldingStore keeps explicit holdings.
type HoldingStore interface {
	// Holding returns the holding with the given ID, or an error wrapping
	// account.ErrNotFound.
	Holding(ctx context.Context, id HoldingID) (Holding, error)
	// Holdings yields the holdings that match f in ascending ID order.
	Holdings(ctx context.Context, f HoldingFilter) iter.Seq2[Holding, error]
	// CreateHolding stores a new holding with Version 1 and returns it.
	CreateHolding(ctx context.Context, h Holding) (Holding, error)
	// UpdateHolding replaces a stored holding whose version matches and
	// returns it with the version incremented.
	UpdateHolding(ctx context.Context, h Holding) (Holding, error)
	// DeleteHolding deletes a holding whose version matches.
	DeleteHolding(ctx context.Context, id HoldingID, version int64) error
}

// HoldingFilter selects holdings. The zero HoldingFilter selects all.
type HoldingFilter struct {
	Account  account.ID         // only holdings of this account
	Offering account.OfferingID // only holdings of this offering
	HeldAt   time.Time          // only holdings held at this instant ([Holding.HeldAt]), if set
}

// Match reports whether h passes the filter.
func (f HoldingFilter) Match(h Holding) bool {
	return (f.Account == "" || h.Account == f.Account) && (f.Offering == "" || h.Offering == f.Offering) &&
		(f.HeldAt.IsZero() || h.HeldAt(f.HeldAt))
}

// EstimateStore keeps wallet estimates.
type EstimateStore interface {
	// WalletEstimate returns the estimate with the given ID, or an error
	// wrapping account.ErrNotFound.
	WalletEstimate(ctx context.Context, id EstimateID) (WalletEstimate, error)
	// WalletEstimates yields the estimates that match f in ascending ID
	// order.
	WalletEstimates(ctx context.Context, f EstimateFilter) iter.Seq2[WalletEstimate, error]
	// CreateWalletEstimate stores a new estimate with Version 1 and
	// returns it.
	CreateWalletEstimate(ctx context.Context, e WalletEstimate) (WalletEstimate, error)
	// UpdateWalletEstimate replaces a stored estimate whose version
	// matches and returns it with the version incremented.
	UpdateWalletEstimate(ctx context.Context, e WalletEstimate) (WalletEstimate, error)
	// DeleteWalletEstimate deletes an estimate whose version matches.
	DeleteWalletEstimate(ctx context.Context, id EstimateID, version int64) error
}

// EstimateFilter selects wallet estimates. The zero EstimateFilter
// selects all.
type EstimateFilter struct {
	Account  account.ID // only estimates of this account
	Category string     // only estimates of this category
}

// Match reports whether e passes the filter.
func (f EstimateFilter) Match(e WalletEstimate) bool {
	return (f.Account == "" || e.Account == f.Account) && (f.Category == "" || e.Category == f.Category)
}

// Store is every storage interface of the package in one.
type Store interface {
	OfferingStore
	HoldingStore
	EstimateStore
}
