package engagement

import (
	"context"
	"iter"
	"time"

	"github.com/keyaccount/keyaccount/account"
)

// ChangeStore keeps changes as versioned records, with the contract of the
// stores of package account (see [account.AccountReader]): a context first,
// copies in and out, Version 1 on create and +1 per update, a stale version
// or a taken ID an error wrapping [account.ErrConflict], a missing change
// one wrapping [account.ErrNotFound], and a change that fails
// [Change.Validate], or a create whose Version is not 0, one wrapping
// [account.ErrInvalid] with the [*account.FieldError] values (those of
// Validate also wrap [ErrInvalid]). store/memstore implements it and
// store/storetest.RunChanges checks an implementation.
type ChangeStore interface {
	// Change returns the change with the given ID, or an error wrapping
	// account.ErrNotFound.
	Change(ctx context.Context, id ChangeID) (Change, error)

	// Changes yields the changes that match f in ascending ID order.
	Changes(ctx context.Context, f ChangeFilter) iter.Seq2[Change, error]

	// CreateChange stores a new change with Version 1 and returns it.
	CreateChange(ctx context.Context, c Change) (Change, error)

	// UpdateChange replaces the stored change with c, whose Version must
	// equal the stored one, and returns it with the version incremented.
	UpdateChange(ctx context.Context, c Change) (Change, error)

	// DeleteChange deletes the change if its stored version is version.
	DeleteChange(ctx context.Context, id ChangeID, version int64) error
}

// ChangeFilter selects changes. The zero ChangeFilter selects all; each
// field that is set narrows the selection. The go-live range is half-open,
// [From, To), as in [account.TransactionFilter].
type ChangeFilter struct {
	From time.Time  // only changes going live at or after From, if set
	To   time.Time  // only changes going live before To, if set
	Kind ChangeKind // only changes of this kind, if set
}

// Match reports whether c passes the filter. Stores may use it; it defines
// the filter's meaning.
func (f ChangeFilter) Match(c Change) bool {
	return (f.From.IsZero() || !c.GoLive.Before(f.From)) &&
		(f.To.IsZero() || c.GoLive.Before(f.To)) &&
		(f.Kind == 0 || c.Kind == f.Kind)
}

// FeedbackStore keeps feedback items, append-only, with the contract of
// [account.InteractionStore]: a batch is stored all or none; an item that
// fails [Feedback.Validate] is an error wrapping [account.ErrInvalid] (and
// [ErrInvalid]) with the [*account.FieldError]; an ID already stored or
// repeated in the batch is an error wrapping [account.ErrConflict]; a
// deleted ID may be added again. store/memstore implements it and
// store/storetest.RunFeedback checks an implementation.
type FeedbackStore interface {
	// AddFeedback stores items, all or none.
	AddFeedback(ctx context.Context, items ...Feedback) error

	// Feedback yields the items that match f, ordered by account ID, then
	// At, then ID, all ascending.
	Feedback(ctx context.Context, f FeedbackFilter) iter.Seq2[Feedback, error]

	// DeleteFeedback deletes an item, or returns an error wrapping
	// account.ErrNotFound.
	DeleteFeedback(ctx context.Context, id FeedbackID) error
}

// FeedbackFilter selects feedback items. The zero FeedbackFilter selects
// all; each field that is set narrows the selection. The time range is
// half-open, [From, To).
type FeedbackFilter struct {
	Account account.ID   // only the items of Account
	From    time.Time    // only items at or after From, if set
	To      time.Time    // only items before To, if set
	Kind    FeedbackKind // only items of this kind, if set
	Theme   string       // only items with this theme, if set
	Change  ChangeID     // only items about this change, if set
}

// Match reports whether x passes the filter.
func (f FeedbackFilter) Match(x Feedback) bool {
	return (f.Account == "" || x.Account == f.Account) &&
		(f.From.IsZero() || !x.At.Before(f.From)) &&
		(f.To.IsZero() || x.At.Before(f.To)) &&
		(f.Kind == 0 || x.Kind == f.Kind) &&
		(f.Theme == "" || x.Theme == f.Theme) &&
		(f.Change == "" || x.Change == f.Change)
}
