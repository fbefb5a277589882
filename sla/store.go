package sla

import (
	"context"
	"iter"
	"slices"
	"time"

	"github.com/keyaccount/keyaccount/account"
)

// A Ticket is a stored ticket: its [Timeline] and the version the store
// gave it. It is the Timeline, not a second shape of ticket: pass
// t.Timeline to [Evaluator.Evaluate], and read t.Ticket, t.Account,
// t.Events through the embedding.
//
// The version sits beside the Timeline rather than in it because a
// Timeline is the input of pure functions: two histories that are the same
// evaluate the same, whichever store (or none) they came from.
//
// The zero Ticket is not valid: its Timeline is not.
type Ticket struct {
	Timeline

	// Version is the store's version of the ticket: 1 when it is created,
	// plus 1 for each append. See [TicketStore].
	Version int64
}

// Clone returns a copy of t that shares no memory with it.
func (t Ticket) Clone() Ticket {
	t.Events = slices.Clone(t.Events)
	return t
}

// TicketStore keeps tickets and their events, append-only: a ticket is
// created with the account, the tier at opening, its category and service
// and at least its [EventOpened] event, and then only grows by events
// appended in order of time. Its Ticket, Account, Tier, Category and
// Service never change.
//
// It keeps the contract of the account package's stores (see
// [account.Store]): a context first, copies in and out, errors wrapping
// [account.ErrNotFound] and [account.ErrConflict], lists as
// iter.Seq2 sequences in a documented order, safe for concurrent use. A
// ticket that is not valid is rejected with an error wrapping
// [ErrInvalid] and the [*account.FieldError] or [*EventError] that
// [Timeline.Validate] returns; nothing of it is stored.
type TicketStore interface {
	// Ticket returns the ticket with the given ID, or an error wrapping
	// account.ErrNotFound.
	Ticket(ctx context.Context, id string) (Ticket, error)

	// Tickets yields the tickets that match f, ordered by the instant they
	// were opened (the At of their first event), then by ID, both
	// ascending.
	Tickets(ctx context.Context, f TicketFilter) iter.Seq2[Ticket, error]

	// CreateTicket stores tl as a new ticket with Version 1 and returns it.
	// Errors wrap ErrInvalid (tl fails Validate) or account.ErrConflict (a
	// ticket with tl.Ticket as its ID is stored).
	CreateTicket(ctx context.Context, tl Timeline) (Ticket, error)

	// AppendTicketEvents appends evs to the events of the ticket id, all or none,
	// if its stored version is version, and returns the ticket with the
	// version incremented. The ticket with evs appended must pass
	// [Timeline.Validate]: an event earlier than the last stored one
	// ([ErrOutOfOrder]), or one the ticket's state does not allow
	// ([ErrTransition], [ErrAfterClose]), rejects the whole batch, with an
	// [*EventError] whose Index counts from the first stored event. Events at
	// the instant of the last stored one are allowed, and taken in the
	// canonical order of their kinds with those stored (see "Same-instant
	// ordering" in the package documentation). Appending no events stores
	// nothing and returns the stored ticket with its version unchanged.
	// Errors wrap ErrInvalid, account.ErrNotFound or account.ErrConflict
	// (a stale version).
	AppendTicketEvents(ctx context.Context, id string, version int64, evs ...Event) (Ticket, error)
}

// TicketFilter selects tickets. The zero TicketFilter selects all; each
// field that is set narrows the selection. A ticket's opening is the At
// of its first event (its [EventOpened] event, for a valid timeline). The
// time range is half-open, [From, To): a ticket opened at exactly To is
// not selected, so consecutive ranges never count one twice.
type TicketFilter struct {
	Account  account.ID     // only tickets of Account
	Tiers    []account.Tier // only tickets whose Tier is one of these (include Unassigned for untiered ones)
	Category string         // only tickets of this Category
	Service  string         // only tickets of this Service
	From     time.Time      // only tickets opened at or after From, if set
	To       time.Time      // only tickets opened before To, if set

	// UnsolvedAt, if set, selects the tickets that are open and unsolved
	// at that instant, by their events up to and including it: opened at
	// or before it, and neither solved (since their last reopening) nor
	// closed at or before it. A pending ticket is unsolved.
	UnsolvedAt time.Time

	// ActiveFrom, if set, drops the tickets that can change nothing at or
	// after that instant: those whose last event is before it and leaves
	// them solved or closed. Every cycle of such a ticket ended before
	// ActiveFrom, so a report on a period need read only the tickets
	// opened before its end and active from its start.
	ActiveFrom time.Time
}

// Match reports whether tl passes the filter. Stores may use it; it
// defines the filter's meaning. It expects a valid timeline: a timeline
// with no events matches only a filter that sets no times.
func (f TicketFilter) Match(tl Timeline) bool {
	if f.Account != "" && tl.Account != f.Account ||
		f.Category != "" && tl.Category != f.Category ||
		f.Service != "" && tl.Service != f.Service {
		return false
	}
	if len(f.Tiers) > 0 && !slices.Contains(f.Tiers, tl.Tier) {
		return false
	}
	if f.From.IsZero() && f.To.IsZero() && f.UnsolvedAt.IsZero() && f.ActiveFrom.IsZero() {
		return true
	}
	if len(tl.Events) == 0 {
		return false
	}
	opened := tl.Events[0].At
	if !f.From.IsZero() && opened.Before(f.From) || !f.To.IsZero() && !opened.Before(f.To) {
		return false
	}
	if !f.UnsolvedAt.IsZero() && (f.UnsolvedAt.Before(opened) || tl.doneAt(f.UnsolvedAt)) {
		return false
	}
	if !f.ActiveFrom.IsZero() && tl.Events[len(tl.Events)-1].At.Before(f.ActiveFrom) && tl.doneAt(f.ActiveFrom) {
		return false
	}
	return true
}

// doneAt reports whether the ticket is solved or closed by its events at
// or before t. Of the kinds that change it, at one instant the canonical
// order takes Reopened, then Solved, then Closed: the last event of those
// kinds in that order decides.
func (tl *Timeline) doneAt(t time.Time) bool {
	var last *Event
	for i := range tl.Events {
		ev := &tl.Events[i]
		if ev.At.After(t) {
			break
		}
		switch ev.Kind {
		case EventReopened, EventSolved, EventClosed:
			if last == nil || last.At.Before(ev.At) || rank(last.Kind) < rank(ev.Kind) {
				last = ev
			}
		}
	}
	return last != nil && last.Kind != EventReopened
}
