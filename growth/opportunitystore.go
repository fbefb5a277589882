package growth

import (
	"context"
	"github.com/keyaccount/keyaccount/account"
	"iter"
	"slices"
)

// An OpportunityStore keeps opportunities, with the contract of the
// module's stores (see [account.AccountReader]): a context first, a
// version on every record (1 on create, +1 per update), a stale write
// wrapping [account.ErrConflict], a missing record [account.ErrNotFound],
// an invalid one [account.ErrInvalid] and [ErrInvalid] with an
// [*account.FieldError]. A store checks an opportunity with
// [Opportunity.Validate] and nil stages: it does not know the pipeline's
// stages.
//
// History is append-only: an update whose history does not begin with the
// stored history, change for change, is refused with an error wrapping
// [ErrHistoryRewritten].
type OpportunityStore interface {
	// Opportunity returns the opportunity with the given ID.
	Opportunity(ctx context.Context, id OpportunityID) (Opportunity, error)
	// Opportunities yields the opportunities that match f in ascending ID
	// order. On a done context it yields (zero Opportunity, ctx.Err())
	// and stops.
	Opportunities(ctx context.Context, f OpportunityFilter) iter.Seq2[Opportunity, error]
	// CreateOpportunity stores o (whose Version must be 0) with Version 1
	// and returns it; a taken ID wraps account.ErrConflict.
	CreateOpportunity(ctx context.Context, o Opportunity) (Opportunity, error)
	// UpdateOpportunity replaces the stored opportunity with o if o.Version
	// is the stored version and o.History extends the stored history, and
	// returns it with its version incremented.
	UpdateOpportunity(ctx context.Context, o Opportunity) (Opportunity, error)
	// AppendChange appends c to the history of the opportunity with the
	// given ID if version is its stored version, and returns it with its
	// version incremented.
	AppendChange(ctx context.Context, id OpportunityID, version int64, c Change) (Opportunity, error)
}

// An OpportunityFilter selects opportunities. The zero filter matches
// every opportunity; each field set narrows it.
type OpportunityFilter struct {
	Account  account.ID         // the account; "" for any
	Owner    account.ManagerID  // the owner; "" for any
	Offering account.OfferingID // an offering the opportunity is for; "" for any
	Kind     OpportunityKind    // the kind; 0 for any
}

// Match reports whether o matches f.
func (f OpportunityFilter) Match(o Opportunity) bool {
	return (f.Account == "" || o.Account == f.Account) &&
		(f.Owner == "" || o.Owner == f.Owner) &&
		(f.Offering == "" || slices.Contains(o.Offerings, f.Offering)) &&
		(f.Kind == 0 || o.Kind == f.Kind)
}

// Equal reports whether c and d record the same change: equal instants
// (by [time.Time.Equal]), authors, stages, values (by
// [account.Money.Equal], and both zero or both set) and expected closes.
func (c Change) Equal(d Change) bool {
	return c.At.Equal(d.At) && c.Author == d.Author && c.From == d.From && c.To == d.To &&
		c.Value.Currency() == d.Value.Currency() && c.Value.Equal(d.Value) &&
		c.ExpectedClose.Equal(d.ExpectedClose)
}

// Extends reports whether history begins with stored, change for change
// ([Change.Equal]): whether replacing stored with history only appends to
// it, as an [OpportunityStore] requires.
func Extends(stored, history []Change) bool {
	return len(history) >= len(stored) && slices.EqualFunc(stored, history[:len(stored)], Change.Equal)
}
