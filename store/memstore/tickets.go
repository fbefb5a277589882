package memstore

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"math"
	"reflect"
	"slices"
	"sync"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/sla"
)

var _ sla.TicketStore = (*Store)(nil)

// Ticket returns the ticket with the given ID. The error wraps
// [account.ErrNotFound] if there is none, or is ctx.Err().
func (s *Store) Ticket(ctx context.Context, id string) (sla.Ticket, error) {
	return s.tickets.get(ctx, id)
}

// Tickets yields the tickets that match f, ordered by the instant they were
// opened, then by ID. With f.From set it finds the first ticket by binary
// search, and it stops at f.To. On a done context it yields (zero Ticket,
// ctx.Err()) and stops.
//
// The tickets are read 256 at a time, and the events of each such chunk
// are copied into one array (each ticket's slice capped at its length, so
// that appending to it copies): a program that keeps one ticket keeps the
// events of its chunk.
func (s *Store) Tickets(ctx context.Context, f sla.TicketFilter) iter.Seq2[sla.Ticket, error] {
	f.Tiers = slices.Clone(f.Tiers) // the caller may reuse its slice while the sequence runs
	return s.tickets.list(ctx, f)
}

// CreateTicket stores a copy of tl as a new ticket with Version 1 and
// returns it. The error wraps [sla.ErrInvalid] (with the error of
// [sla.Timeline.Validate]) if tl is not valid, [account.ErrConflict] if its
// ID is taken, or is ctx.Err().
func (s *Store) CreateTicket(ctx context.Context, tl sla.Timeline) (sla.Ticket, error) {
	return s.tickets.create(ctx, tl)
}

// AppendTicketEvents appends copies of evs to the ticket id, all or none,
// if its stored version is version, and returns the ticket with its version
// incremented. The error wraps [account.ErrNotFound] if there is no such
// ticket, [account.ErrConflict] if version is not the stored version,
// [sla.ErrInvalid] (with the [*sla.EventError] or [*account.FieldError] of
// [sla.Timeline.Validate]) if the ticket with evs appended is not valid, or
// is ctx.Err(). An append costs time in proportion to the ticket's events.
func (s *Store) AppendTicketEvents(ctx context.Context, id string, version int64, evs ...sla.Event) (sla.Ticket, error) {
	return s.tickets.append(ctx, id, version, evs)
}

// A ticketKey is a ticket's place in the list order: its opening instant,
// then its ID.
type ticketKey struct {
	at instant
	id string
}

func compareTicketKeys(a, b ticketKey) int {
	if c := a.at.compare(b.at); c != 0 {
		return c
	}
	return cmp.Compare(a.id, b.id)
}

// tickets stores tickets by ID and keeps their keys in list order, lazily,
// as a table does: a key above every ordered one is appended, any other
// waits in fresh until the next list sorts and merges it in. Tickets are
// never deleted, and their keys never change.
//
// A stored ticket's events are never changed in place: an append writes
// only past the end of the stored slice (into its spare capacity, or a new
// array) and then stores the longer slice, so a reader that took the stored
// value under the lock may copy its events after releasing it.
type tickets struct {
	mu    sync.RWMutex
	recs  map[string]*ticketEntry
	order []*ticketEntry // ascending by key
	fresh []*ticketEntry // entries added out of order since the last settle
}

// A ticketEntry is a stored ticket with its key. The list order holds the
// entries themselves, so that a list reads them without a map look-up.
//
// idle is the instant from which the ticket can change nothing: its last
// event's, if its events leave it solved or closed, otherwise never (above
// every instant). A list with [sla.TicketFilter.ActiveFrom] set reads it
// rather than the ticket's events: the filter drops a ticket exactly when
// idle is before ActiveFrom.
type ticketEntry struct {
	key  ticketKey
	idle instant
	t    sla.Ticket
}

// never is above every instant.
var never = instant{sec: math.MaxInt64}

// idleOf returns the idle instant of a valid ticket (see ticketEntry): it
// is done at its last event if it is not unsolved then, by the definition
// of the filters in [sla.TicketFilter.Match].
func idleOf(tl sla.Timeline) instant {
	last := tl.Events[len(tl.Events)-1].At
	if (sla.TicketFilter{UnsolvedAt: last}).Match(tl) {
		return never
	}
	return instantOf(last)
}

func compareTicketEntries(a, b *ticketEntry) int { return compareTicketKeys(a.key, b.key) }

func notFoundTicket(id string) error {
	return fmt.Errorf("memstore: Ticket %q: %w", id, account.ErrNotFound)
}

func (ts *tickets) get(ctx context.Context, id string) (sla.Ticket, error) {
	if err := ctx.Err(); err != nil {
		return sla.Ticket{}, err
	}
	ts.mu.RLock()
	e, ok := ts.recs[id]
	var t sla.Ticket
	if ok {
		t = e.t
	}
	ts.mu.RUnlock()
	if !ok {
		return sla.Ticket{}, notFoundTicket(id)
	}
	return t.Clone(), nil
}

func (ts *tickets) create(ctx context.Context, tl sla.Timeline) (sla.Ticket, error) {
	if err := ctx.Err(); err != nil {
		return sla.Ticket{}, err
	}
	if err := tl.Validate(); err != nil {
		return sla.Ticket{}, fmt.Errorf("memstore: create: %w", err)
	}
	t := sla.Ticket{Timeline: tl, Version: 1}
	t.Events = slices.Clone(tl.Events)
	e := &ticketEntry{key: ticketKey{at: instantOf(t.Events[0].At), id: t.Ticket}, idle: idleOf(t.Timeline), t: t}

	ts.mu.Lock()
	defer ts.mu.Unlock()
	if _, taken := ts.recs[t.Ticket]; taken {
		return sla.Ticket{}, fmt.Errorf("memstore: Ticket %q: the ID is taken: %w", t.Ticket, account.ErrConflict)
	}
	if ts.recs == nil {
		ts.recs = make(map[string]*ticketEntry)
	}
	ts.recs[t.Ticket] = e
	if len(ts.fresh) == 0 && (len(ts.order) == 0 || compareTicketEntries(ts.order[len(ts.order)-1], e) < 0) {
		ts.order = append(ts.order, e)
	} else {
		ts.fresh = append(ts.fresh, e)
	}
	return t.Clone(), nil
}

func (ts *tickets) append(ctx context.Context, id string, version int64, evs []sla.Event) (sla.Ticket, error) {
	if err := ctx.Err(); err != nil {
		return sla.Ticket{}, err
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	e, ok := ts.recs[id]
	var t sla.Ticket
	if ok {
		t = e.t
	}
	switch {
	case !ok:
		return sla.Ticket{}, notFoundTicket(id)
	case version != t.Version:
		return sla.Ticket{}, fmt.Errorf("memstore: Ticket %q: version %d is not the stored version %d: %w",
			id, version, t.Version, account.ErrConflict)
	case len(evs) == 0:
		return t.Clone(), nil
	}
	// append writes past the stored events only (see tickets), so a
	// rejected batch leaves the stored ticket as it was.
	t.Events = append(t.Events, evs...)
	if err := t.Validate(); err != nil {
		return sla.Ticket{}, fmt.Errorf("memstore: append: %w", err)
	}
	t.Version++
	e.t, e.idle = t, idleOf(t.Timeline)
	return t.Clone(), nil
}

func (ts *tickets) unsettled() bool { return len(ts.fresh) > 0 }

// settle sorts the fresh entries into order. Tickets are never deleted,
// so there is nothing to drop. If the fresh entries are at least half of
// them all, it then compacts the tickets (see compact): a store loaded out
// of order is compacted once, and compactions cost O(1) per ticket
// created, amortized.
func (ts *tickets) settle() {
	n := len(ts.fresh)
	ts.order = append(ts.order, ts.fresh...)
	slices.SortFunc(ts.order, compareTicketEntries)
	clear(ts.fresh)
	ts.fresh = ts.fresh[:0]
	if 2*n >= len(ts.order) {
		ts.compact()
	}
}

// compact moves the entries into one array in list order, and their
// events into another, each ticket's capped at its length, so that a list
// reads memory in order rather than jumping about it as the tickets were
// created. The old events are not changed (see tickets), so a reader that
// took them before may still copy them.
func (ts *tickets) compact() {
	n := 0
	for _, e := range ts.order {
		n += len(e.t.Events)
	}
	entries := make([]ticketEntry, len(ts.order))
	events := make([]sla.Event, 0, n)
	for i, e := range ts.order {
		lo := len(events)
		events = append(events, e.t.Events...)
		entries[i] = *e
		entries[i].t.Events = events[lo:len(events):len(events)]
		ts.order[i] = &entries[i]
		ts.recs[e.t.Ticket] = &entries[i]
	}
}

// ticketCursor is where a list of tickets stands: after key, once started.
type ticketCursor struct {
	key     ticketKey
	started bool
}

func (ts *tickets) list(ctx context.Context, f sla.TicketFilter) iter.Seq2[sla.Ticket, error] {
	from := ticketKey{at: instant{sec: math.MinInt64}} // below every instant
	var to ticketKey
	if !f.From.IsZero() {
		from.at = instantOf(f.From)
	}
	if !f.To.IsZero() {
		to.at = instantOf(f.To)
	}
	// The key range applies From and To, and the entries' idle instants
	// ActiveFrom; the rest of the filter, if it sets anything (whatever
	// fields it may gain), is its Match.
	active := instant{sec: math.MinInt64} // drops nothing
	if !f.ActiveFrom.IsZero() {
		active = instantOf(f.ActiveFrom)
	}
	rest := f
	rest.From, rest.To, rest.ActiveFrom = time.Time{}, time.Time{}, time.Time{}
	match := rest.Match
	if reflect.ValueOf(rest).IsZero() {
		match = nil
	}
	read := func(cur ticketCursor, out []sla.Ticket) (next []sla.Ticket, _ ticketCursor, more bool) {
		readLocked(&ts.mu, ts.unsettled, ts.settle, func() {
			next, cur, more = ts.chunk(cur, from, to, !f.To.IsZero(), active, match, out)
		})
		copyEvents(next)
		return next, cur, more
	}
	return chunked(ctx, func(t sla.Ticket) sla.Ticket { return t }, read)
}

// copyEvents gives the tickets of a chunk copies of their events, in one
// allocation for the chunk rather than one per ticket: each ticket's slice
// is capped at its length, so that appending to one never writes into the
// next. Stored events never change in place, so this needs no lock.
func copyEvents(chunk []sla.Ticket) {
	n := 0
	for i := range chunk {
		n += len(chunk[i].Events)
	}
	all := make([]sla.Event, 0, n)
	for i := range chunk {
		lo := len(all)
		all = append(all, chunk[i].Events...)
		chunk[i].Events = all[lo:len(all):len(all)]
	}
}

// chunk appends to out the tickets after cur that are not idle before
// active and match (all, if match is nil), in list order, starting at from
// and stopping before to (if bounded). It returns the
// cursor of the next call and whether tickets may remain beyond it, reading
// at most scanLen keys and returning at most chunkLen tickets. The order
// must be settled.
func (ts *tickets) chunk(cur ticketCursor, from, to ticketKey, bounded bool, active instant, match func(sla.Timeline) bool, out []sla.Ticket) ([]sla.Ticket, ticketCursor, bool) {
	start := from
	if cur.started {
		start = cur.key
	}
	i, found := slices.BinarySearchFunc(ts.order, start, func(e *ticketEntry, k ticketKey) int { return compareTicketKeys(e.key, k) })
	if found && cur.started {
		i++
	}
	for scanned := 0; i < len(ts.order); i++ {
		e := ts.order[i]
		if bounded && compareTicketKeys(e.key, to) >= 0 {
			return out, cur, false
		}
		cur = ticketCursor{key: e.key, started: true}
		scanned++
		if e.idle.compare(active) >= 0 && (match == nil || match(e.t.Timeline)) {
			out = append(out, e.t)
		}
		if len(out) == chunkLen || scanned == scanLen {
			return out, cur, i+1 < len(ts.order)
		}
	}
	return out, cur, false
}
