package memstore

import (
	"context"
	"fmt"
	"iter"
	"sync"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/review"
)

// The plans, reviews and action items of package review. A Store keeps
// them with the contract written above [review.PlanStore]: reviews and
// action items like accounts (versioned records in ascending ID order),
// and plans as a history of versions per account, the last one current.

var _ review.Store = (*Store)(nil)

var (
	reviewKind = &kind[review.ReviewID, review.Review]{
		name:       "Review",
		id:         func(r review.Review) review.ReviewID { return r.ID },
		version:    func(r review.Review) int64 { return r.Version },
		setVersion: func(r *review.Review, v int64) { r.Version = v },
		clone:      review.Review.Clone,
		validate:   invalidToo(review.Review.Validate),
	}
	actionKind = &kind[review.ActionID, review.ActionItem]{
		name:       "ActionItem",
		id:         func(a review.ActionItem) review.ActionID { return a.ID },
		version:    func(a review.ActionItem) int64 { return a.Version },
		setVersion: func(a *review.ActionItem, v int64) { a.Version = v },
		clone:      func(a review.ActionItem) review.ActionItem { return a }, // an ActionItem holds no references
		validate:   invalidToo(review.ActionItem.Validate),
	}
)

// invalidToo makes a review record's validation errors, which wrap
// review.ErrInvalid, wrap account.ErrInvalid too, as the contract asks.
func invalidToo[V any](validate func(V) error) func(V) error {
	return func(v V) error {
		if err := validate(v); err != nil {
			return fmt.Errorf("%w: %w", account.ErrInvalid, err)
		}
		return nil
	}
}

// Review returns the review with the given ID. The error wraps
// [account.ErrNotFound] if there is none, or is ctx.Err().
func (s *Store) Review(ctx context.Context, id review.ReviewID) (review.Review, error) {
	return s.reviews.get(ctx, reviewKind, id)
}

// Reviews yields the reviews that match f in ascending ID order. On a done
// context it yields (zero Review, ctx.Err()) and stops.
func (s *Store) Reviews(ctx context.Context, f review.ReviewFilter) iter.Seq2[review.Review, error] {
	return s.reviews.list(ctx, reviewKind, f.Match)
}

// CreateReview stores a copy of r with Version 1 and returns it. The error
// wraps [account.ErrInvalid] and [review.ErrInvalid] if r fails Validate,
// [account.ErrInvalid] if its Version is not 0, [account.ErrConflict] if
// its ID is taken, or is ctx.Err().
func (s *Store) CreateReview(ctx context.Context, r review.Review) (review.Review, error) {
	return s.reviews.create(ctx, reviewKind, r)
}

// UpdateReview replaces the stored review with a copy of r and returns it
// with its version incremented. Its errors are those of
// [Store.UpdateAccount], an invalid r wrapping [review.ErrInvalid] too.
func (s *Store) UpdateReview(ctx context.Context, r review.Review) (review.Review, error) {
	return s.reviews.update(ctx, reviewKind, r)
}

// DeleteReview deletes the review if its stored version is version. Its
// errors are those of [Store.DeleteAccount]. It does not delete the
// review's action items.
func (s *Store) DeleteReview(ctx context.Context, id review.ReviewID, version int64) error {
	return s.reviews.remove(ctx, reviewKind, id, version)
}

// Action returns the action item with the given ID. The error wraps
// [account.ErrNotFound] if there is none, or is ctx.Err().
func (s *Store) Action(ctx context.Context, id review.ActionID) (review.ActionItem, error) {
	return s.actions.get(ctx, actionKind, id)
}

// Actions yields the action items that match f in ascending ID order. On
// a done context it yields (zero ActionItem, ctx.Err()) and stops.
func (s *Store) Actions(ctx context.Context, f review.ActionFilter) iter.Seq2[review.ActionItem, error] {
	return s.actions.list(ctx, actionKind, f.Match)
}

// CreateAction stores a copy of a with Version 1 and returns it. Its
// errors are those of [Store.CreateReview].
func (s *Store) CreateAction(ctx context.Context, a review.ActionItem) (review.ActionItem, error) {
	return s.actions.create(ctx, actionKind, a)
}

// UpdateAction replaces the stored action item with a copy of a and
// returns it with its version incremented. Its errors are those of
// [Store.UpdateReview].
func (s *Store) UpdateAction(ctx context.Context, a review.ActionItem) (review.ActionItem, error) {
	return s.actions.update(ctx, actionKind, a)
}

// DeleteAction deletes the action item if its stored version is version.
// Its errors are those of [Store.DeleteAccount].
func (s *Store) DeleteAction(ctx context.Context, id review.ActionID, version int64) error {
	return s.actions.remove(ctx, actionKind, id, version)
}

// Plan returns the current version of the account's plan. The error wraps
// [account.ErrNotFound] if the account has no plan, or is ctx.Err().
func (s *Store) Plan(ctx context.Context, id account.ID) (review.Plan, error) {
	h, err := s.plans.history(ctx, id)
	if err != nil {
		return review.Plan{}, err
	}
	return h[len(h)-1].Clone(), nil
}

// PlanAt returns the version of the account's plan in force at the
// instant at (see [review.PlanAt]), in time logarithmic in the number of
// versions. The error wraps [account.ErrNotFound] if the account has no
// plan or had none yet at at, or is ctx.Err().
func (s *Store) PlanAt(ctx context.Context, id account.ID, at time.Time) (review.Plan, error) {
	h, err := s.plans.history(ctx, id)
	if err != nil {
		return review.Plan{}, err
	}
	// The versions are in ascending At order: the one in force is the
	// last whose At is not after at.
	lo, hi := 0, len(h)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if h[mid].At.After(at) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	if lo == 0 {
		return review.Plan{}, fmt.Errorf("memstore: Plan %q: no version at %v: %w", string(id), at, account.ErrNotFound)
	}
	return h[lo-1].Clone(), nil
}

// PlanHistory yields every version of the account's plan in ascending
// Version order; nothing if it has none. On a done context it yields
// (zero Plan, ctx.Err()) and stops.
func (s *Store) PlanHistory(ctx context.Context, id account.ID) iter.Seq2[review.Plan, error] {
	return func(yield func(review.Plan, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(review.Plan{}, err)
			return
		}
		s.plans.mu.RLock()
		h := s.plans.t.recs[id] // never changed in place: a save stores a new slice
		s.plans.mu.RUnlock()
		for _, p := range h {
			if err := ctx.Err(); err != nil {
				yield(review.Plan{}, err)
				return
			}
			if !yield(p.Clone(), nil) {
				return
			}
		}
	}
}

// Plans yields the current version of each plan that matches f, in
// ascending account ID order. On a done context it yields (zero Plan,
// ctx.Err()) and stops.
func (s *Store) Plans(ctx context.Context, f review.PlanFilter) iter.Seq2[review.Plan, error] {
	r := &s.plans
	match := func(h []review.Plan) bool { return f.Match(h[len(h)-1]) }
	return chunked(ctx, review.Plan.Clone, func(after account.ID, out []review.Plan) ([]review.Plan, account.ID, bool) {
		var (
			hs   [][]review.Plan
			last account.ID
			more bool
		)
		readLocked(&r.mu, r.t.unsettled, r.t.settle, func() { hs, last, more = r.t.chunk(after, match, nil) })
		for _, h := range hs {
			out = append(out, h[len(h)-1])
		}
		return out, last, more
	})
}

// SavePlan stores a copy of p as the next version of its account's plan
// and returns it, with Version p.Version+1. The error wraps
// [account.ErrInvalid] and [review.ErrInvalid] if p fails Validate or its
// At is before the current version's, [account.ErrConflict] if p.Version
// is not the current version (0 when there is no plan), or is ctx.Err().
func (s *Store) SavePlan(ctx context.Context, p review.Plan) (review.Plan, error) {
	if err := ctx.Err(); err != nil {
		return review.Plan{}, err
	}
	if err := invalidToo(review.Plan.Validate)(p); err != nil {
		return review.Plan{}, fmt.Errorf("memstore: save: %w", err)
	}
	p = p.Clone()
	r := &s.plans
	r.mu.Lock()
	defer r.mu.Unlock()
	h := r.t.recs[p.Account]
	var current int64
	if len(h) > 0 {
		cur := &h[len(h)-1]
		current = cur.Version
		if p.Version == current && p.At.Before(cur.At) {
			return review.Plan{}, fmt.Errorf("memstore: save: %w: %w", account.ErrInvalid, &account.FieldError{
				Record: "Plan", ID: string(p.Account), Field: "At", Value: p.At,
				Reason: "is before the current version's At " + cur.At.String(), Err: review.ErrInvalid})
		}
	}
	if p.Version != current {
		return review.Plan{}, fmt.Errorf("memstore: Plan %q: version %d is not the current version %d: %w",
			string(p.Account), p.Version, current, account.ErrConflict)
	}
	p.Version = current + 1
	if len(h) == 0 {
		r.t.put(p.Account, []review.Plan{p})
	} else {
		r.t.recs[p.Account] = append(h[:len(h):len(h)], p) // a new slice: readers may hold h
	}
	return p.Clone(), nil
}

// DeletePlan deletes every version of the account's plan if its current
// version is version. The error wraps [account.ErrNotFound] or
// [account.ErrConflict], or is ctx.Err().
func (s *Store) DeletePlan(ctx context.Context, id account.ID, version int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r := &s.plans
	r.mu.Lock()
	defer r.mu.Unlock()
	h, ok := r.t.recs[id]
	if !ok {
		return planNotFound(id)
	}
	if current := h[len(h)-1].Version; current != version {
		return fmt.Errorf("memstore: Plan %q: version %d is not the current version %d: %w",
			string(id), version, current, account.ErrConflict)
	}
	r.t.remove(id)
	return nil
}

// plans keeps each account's plan history, ascending by Version, under a
// lock. A history slice is never changed in place.
type plans struct {
	mu sync.RWMutex
	t  table[account.ID, []review.Plan]
}

// history returns the account's plan history (not to be changed).
func (r *plans) history(ctx context.Context, id account.ID) ([]review.Plan, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r.mu.RLock()
	h, ok := r.t.recs[id]
	r.mu.RUnlock()
	if !ok {
		return nil, planNotFound(id)
	}
	return h, nil
}

func planNotFound(id account.ID) error {
	return fmt.Errorf("memstore: Plan %q: %w", string(id), account.ErrNotFound)
}
