package review

import (
	"context"
	"iter"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
)

// Storage. The interfaces below are what the package needs from a store
// of plans, reviews and action items. They keep the contract written at
// [account.AccountReader] for the account stores (contexts first, copies
// in and out, [account.ErrNotFound], [account.ErrConflict] with Version 1
// on create and +1 per write, ordered iter.Seq2 lists, no clock, safe for
// concurrent use), with these additions:
//
//   - A record that fails its Validate method is rejected with an error
//     that wraps both [account.ErrInvalid] and [ErrInvalid], and the
//     [*account.FieldError] values. A create whose Version is not 0 wraps
//     [account.ErrInvalid], as for accounts.
//   - Dates (calendar.Date) are kept exactly.
//   - A plan is versioned: every saved change is a new version, kept. The
//     versions of an account's plan are its history, read back with
//     [PlanStore.PlanHistory] and [PlanStore.PlanAt].
//   - Stores do not check references between records (a review's
//     account, an action item's review).

// PlanStore keeps account plans with their history: one plan per
// account, each change a new version.
type PlanStore interface {
	// Plan returns the current version of the account's plan, or an error
	// wrapping account.ErrNotFound.
	Plan(ctx context.Context, id account.ID) (Plan, error)

	// PlanAt returns the version of the account's plan in force at the
	// instant at: the last version whose At is not after at (see
	// [PlanAt]). The error wraps account.ErrNotFound if the account has no
	// plan or its first version was made after at.
	PlanAt(ctx context.Context, id account.ID, at time.Time) (Plan, error)

	// PlanHistory yields every version of the account's plan, in
	// ascending Version order (which is also ascending At order); nothing
	// for an account with no plan.
	PlanHistory(ctx context.Context, id account.ID) iter.Seq2[Plan, error]

	// Plans yields the current version of each plan that matches f, in
	// ascending account ID order.
	Plans(ctx context.Context, f PlanFilter) iter.Seq2[Plan, error]

	// SavePlan stores p as a new version of its account's plan and
	// returns it. p.Version must be the current version (0 for an
	// account with no plan); the stored version is p.Version+1. Errors
	// wrap ErrInvalid (p fails Validate, or its At is before the current
	// version's, which would make the history run backwards) or
	// account.ErrConflict (a stale version, or 0 for an account that has
	// a plan).
	SavePlan(ctx context.Context, p Plan) (Plan, error)

	// DeletePlan deletes the account's plan, every version of it, if its
	// current version is version. Errors wrap account.ErrNotFound or
	// account.ErrConflict.
	DeletePlan(ctx context.Context, id account.ID, version int64) error
}

// PlanFilter selects plans. The zero PlanFilter selects all.
type PlanFilter struct {
	Status PlanStatus // only plans whose current version has this status, if set
}

// Match reports whether p passes the filter.
func (f PlanFilter) Match(p Plan) bool { return f.Status == 0 || p.Status == f.Status }

// ReviewStore keeps review records.
type ReviewStore interface {
	// Review returns the review with the given ID, or an error wrapping
	// account.ErrNotFound.
	Review(ctx context.Context, id ReviewID) (Review, error)

	// Reviews yields the reviews that match f in ascending ID order.
	Reviews(ctx context.Context, f ReviewFilter) iter.Seq2[Review, error]

	// CreateReview stores a new review with Version 1, as
	// [account.AccountWriter.CreateAccount] does for accounts.
	CreateReview(ctx context.Context, r Review) (Review, error)

	// UpdateReview replaces a stored review whose version matches, as
	// [account.AccountWriter.UpdateAccount] does for accounts.
	UpdateReview(ctx context.Context, r Review) (Review, error)

	// DeleteReview deletes a review whose version matches, as
	// [account.AccountWriter.DeleteAccount] does for accounts.
	DeleteReview(ctx context.Context, id ReviewID, version int64) error
}

// ReviewFilter selects reviews. The zero ReviewFilter selects all; each
// field that is set narrows the selection. The date range is inclusive.
type ReviewFilter struct {
	Account account.ID    // only reviews of Account
	From    calendar.Date // only reviews on or after From, if set
	To      calendar.Date // only reviews on or before To, if set
}

// Match reports whether r passes the filter.
func (f ReviewFilter) Match(r Review) bool {
	return (f.Account == "" || r.Account == f.Account) &&
		(f.From.IsZero() || !r.Date.Before(f.From)) &&
		(f.To.IsZero() || !r.Date.After(f.To))
}

// ActionStore keeps action items.
type ActionStore interface {
	// Action returns the action item with the given ID, or an error
	// wrapping account.ErrNotFound.
	Action(ctx context.Context, id ActionID) (ActionItem, error)

	// Actions yields the action items that match f in ascending ID order.
	Actions(ctx context.Context, f ActionFilter) iter.Seq2[ActionItem, error]

	// CreateAction stores a new action item with Version 1, as
	// [account.AccountWriter.CreateAccount] does for accounts.
	CreateAction(ctx context.Context, a ActionItem) (ActionItem, error)

	// UpdateAction replaces a stored action item whose version matches,
	// as [account.AccountWriter.UpdateAccount] does for accounts.
	UpdateAction(ctx context.Context, a ActionItem) (ActionItem, error)

	// DeleteAction deletes an action item whose version matches, as
	// [account.AccountWriter.DeleteAccount] does for accounts.
	DeleteAction(ctx context.Context, id ActionID, version int64) error
}

// ActionFilter selects action items. The zero ActionFilter selects all;
// each field that is set narrows the selection.
type ActionFilter struct {
	Account account.ID        // only the items of Account
	Review  ReviewID          // only the items raised at Review
	Owner   account.ManagerID // only the items Owner owns
	Status  ActionStatus      // only items with this status, if set
	DueTo   calendar.Date     // only items due on or before DueTo, if set
}

// Match reports whether a passes the filter.
func (f ActionFilter) Match(a ActionItem) bool {
	return (f.Account == "" || a.Account == f.Account) &&
		(f.Review == "" || a.Review == f.Review) &&
		(f.Owner == "" || a.Owner == f.Owner) &&
		(f.Status == 0 || a.Status == f.Status) &&
		(f.DueTo.IsZero() || !a.Due.After(f.DueTo))
}

// Store is every storage interface of the package in one, what
// store/storetest's RunReview checks.
type Store interface {
	PlanStore
	ReviewStore
	ActionStore
}
