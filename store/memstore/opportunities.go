package memstore

import (
	"context"
	"fmt"
	"iter"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
)

var _ growth.OpportunityStore = (*Store)(nil)

var opportunityKind = &kind[growth.OpportunityID, growth.Opportunity]{
	name:       "Opportunity",
	id:         func(o growth.Opportunity) growth.OpportunityID { return o.ID },
	version:    func(o growth.Opportunity) int64 { return o.Version },
	setVersion: func(o *growth.Opportunity, v int64) { o.Version = v },
	clone:      growth.Opportunity.Clone,
	validate:   func(o growth.Opportunity) error { return invalid(o.Validate(nil)) },
}

// Opportunity returns the opportunity with the given ID. The error wraps
// [account.ErrNotFound] if there is none, or is ctx.Err().
func (s *Store) Opportunity(ctx context.Context, id growth.OpportunityID) (growth.Opportunity, error) {
	return s.opps.get(ctx, opportunityKind, id)
}

// Opportunities yields the opportunities that match f in ascending ID
// order. On a done context it yields (zero Opportunity, ctx.Err()) and
// stops.
func (s *Store) Opportunities(ctx context.Context, f growth.OpportunityFilter) iter.Seq2[growth.Opportunity, error] {
	return s.opps.list(ctx, opportunityKind, f.Match)
}

// CreateOpportunity stores a copy of o with Version 1 and returns it. The
// error wraps [account.ErrInvalid] and [growth.ErrInvalid] if o fails
// Validate (with nil stages) or its Version is not 0,
// [account.ErrConflict] if its ID is taken, or is ctx.Err().
func (s *Store) CreateOpportunity(ctx context.Context, o growth.Opportunity) (growth.Opportunity, error) {
	return s.opps.create(ctx, opportunityKind, o)
}

// UpdateOpportunity replaces the stored opportunity with a copy of o and
// returns it with its version incremented. The error wraps
// [account.ErrInvalid] if o fails Validate (with nil stages),
// [account.ErrNotFound] if no opportunity has its ID,
// [account.ErrConflict] if o.Version is not the stored version,
// [growth.ErrHistoryRewritten] (and account.ErrInvalid) if o.History does
// not begin with the stored history, or is ctx.Err().
func (s *Store) UpdateOpportunity(ctx context.Context, o growth.Opportunity) (growth.Opportunity, error) {
	return s.writeOpportunity(ctx, o.ID, o.Version, func(growth.Opportunity) growth.Opportunity { return o.Clone() })
}

// AppendChange appends c to the history of the stored opportunity with the
// given ID if version is its stored version, and returns it with its
// version incremented. Its errors are those of [Store.UpdateOpportunity].
func (s *Store) AppendChange(ctx context.Context, id growth.OpportunityID, version int64, c growth.Change) (growth.Opportunity, error) {
	return s.writeOpportunity(ctx, id, version, func(old growth.Opportunity) growth.Opportunity {
		old.History = append(old.History[:len(old.History):len(old.History)], c)
		return old
	})
}

// writeOpportunity replaces the stored opportunity id, at version, with
// next(stored), once it has checked the version, the record and that its
// history extends the stored one.
func (s *Store) writeOpportunity(ctx context.Context, id growth.OpportunityID, version int64, next func(growth.Opportunity) growth.Opportunity) (growth.Opportunity, error) {
	var zero growth.Opportunity
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	r := &s.opps
	r.mu.Lock()
	defer r.mu.Unlock()
	old, ok := r.t.recs[id]
	if !ok {
		return zero, opportunityKind.notFound(id)
	}
	if old.Version != version {
		return zero, opportunityKind.stale(id, version, old.Version)
	}
	o := next(old)
	if err := opportunityKind.validate(o); err != nil {
		return zero, fmt.Errorf("memstore: update: %w", err)
	}
	if !growth.Extends(old.History, o.History) {
		return zero, fmt.Errorf("memstore: update: %w", invalid(&account.FieldError{
			Record: "Opportunity", ID: string(id), Field: "History", Value: len(o.History),
			Reason: fmt.Sprintf("does not begin with the %d stored changes: history is append-only", len(old.History)),
			Err:    growth.ErrHistoryRewritten,
		}))
	}
	o.ID, o.Version = id, version+1
	r.t.recs[id] = o
	return o.Clone(), nil
}
