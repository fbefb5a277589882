package memstore

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
)

var (
	_ engagement.ChangeStore   = (*Store)(nil)
	_ engagement.FeedbackStore = (*Store)(nil)
)

// invalid wraps the error of a record's Validate method that reports
// engagement.ErrInvalid so that it also wraps account.ErrInvalid, as the
// store contract asks.
func invalid(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w: %w", account.ErrInvalid, err)
}

var (
	changeKind = &kind[engagement.ChangeID, engagement.Change]{
		name:       "Change",
		id:         func(c engagement.Change) engagement.ChangeID { return c.ID },
		version:    func(c engagement.Change) int64 { return c.Version },
		setVersion: func(c *engagement.Change, v int64) { c.Version = v },
		clone:      engagement.Change.Clone,
		validate:   func(c engagement.Change) error { return invalid(c.Validate()) },
	}
	feedbackKind = &logKind[engagement.FeedbackID, engagement.Feedback]{
		name:     "Feedback",
		id:       func(x engagement.Feedback) engagement.FeedbackID { return x.ID },
		account:  func(x engagement.Feedback) account.ID { return x.Account },
		at:       func(x engagement.Feedback) time.Time { return x.At },
		clone:    func(x engagement.Feedback) engagement.Feedback { return x }, // a Feedback holds no references
		validate: func(x engagement.Feedback) error { return invalid(x.Validate()) },
	}
)

// Change returns the change with the given ID. The error wraps
// [account.ErrNotFound] if there is none, or is ctx.Err().
func (s *Store) Change(ctx context.Context, id engagement.ChangeID) (engagement.Change, error) {
	return s.changes.get(ctx, changeKind, id)
}

// Changes yields the changes that match f in ascending ID order. On a done
// context it yields (zero Change, ctx.Err()) and stops.
func (s *Store) Changes(ctx context.Context, f engagement.ChangeFilter) iter.Seq2[engagement.Change, error] {
	return s.changes.list(ctx, changeKind, f.Match)
}

// CreateChange stores a copy of c with Version 1 and returns it. The error
// wraps [account.ErrInvalid] (and [engagement.ErrInvalid] if c fails
// Validate) if c is invalid or its Version is not 0,
// [account.ErrConflict] if its ID is taken, or is ctx.Err().
func (s *Store) CreateChange(ctx context.Context, c engagement.Change) (engagement.Change, error) {
	return s.changes.create(ctx, changeKind, c)
}

// UpdateChange replaces the stored change with a copy of c and returns it
// with its version incremented. Its errors are those of
// [Store.UpdateAccount].
func (s *Store) UpdateChange(ctx context.Context, c engagement.Change) (engagement.Change, error) {
	return s.changes.update(ctx, changeKind, c)
}

// DeleteChange deletes the change if its stored version is version. Its
// errors are those of [Store.DeleteAccount].
func (s *Store) DeleteChange(ctx context.Context, id engagement.ChangeID, version int64) error {
	return s.changes.remove(ctx, changeKind, id, version)
}

// AddFeedback stores copies of items, all or none. The error wraps
// [account.ErrInvalid] and [engagement.ErrInvalid] (naming the first item
// that fails Validate), [account.ErrConflict] (naming the first ID that is
// already stored or repeated within items), or is ctx.Err().
func (s *Store) AddFeedback(ctx context.Context, items ...engagement.Feedback) error {
	return s.feedback.add(ctx, feedbackKind, items)
}

// Feedback yields the feedback items that match f, ordered by account ID,
// then At, then ID. With f.Account set it reads only that account's items,
// finding f.From by binary search. On a done context it yields (zero
// Feedback, ctx.Err()) and stops.
func (s *Store) Feedback(ctx context.Context, f engagement.FeedbackFilter) iter.Seq2[engagement.Feedback, error] {
	return s.feedback.list(ctx, feedbackKind, spanOf(f.Account, f.From, f.To), f.Match)
}

// DeleteFeedback deletes the feedback item with the given ID. The error
// wraps [account.ErrNotFound] if there is none, or is ctx.Err().
func (s *Store) DeleteFeedback(ctx context.Context, id engagement.FeedbackID) error {
	return s.feedback.remove(ctx, feedbackKind, id)
}
