package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/sla"
)

// Tickets. A ticket is a row of ka_tickets (its fixed fields, its version
// and three columns derived from its events: opened_at, last_at and done)
// and one row of ka_ticket_events per event, numbered by seq from 0 in the
// order given. A ticket is read, one or many, by one statement that joins
// the two tables, so that it is read whole, from one snapshot. An append
// first increments the version (the UPDATE that checks it also locks the
// row), then reads the stored events, validates the ticket with the new
// ones, inserts them and updates the derived columns, in one transaction.

var _ sla.TicketStore = (*Store)(nil)

// The kinds of event that change whether a ticket is solved, as the
// literals of the partial index ka_ticket_events_state (0002_tickets.sql).
var stateKinds = "(" + strconv.Itoa(int(sla.EventReopened)) + ", " + strconv.Itoa(int(sla.EventSolved)) + ", " +
	strconv.Itoa(int(sla.EventClosed)) + ")"

// ticketSelect reads a ticket and its events, one row per event. A ticket
// without events (written around the package) reads as one row whose seq
// is -1, so that it is reported as corrupt rather than skipped.
const ticketSelect = "SELECT t.id, t.account, t.tier, t.category, t.service, t.version, " +
	"COALESCE(e.seq, -1), COALESCE(e.id, ''), e.at, COALESCE(e.kind, 0), COALESCE(e.priority, 0), COALESCE(e.status, 0) " +
	"FROM ka_tickets t LEFT JOIN ka_ticket_events e ON e.ticket = t.id"

// ticketOrder is the list order: opening, ID, then each ticket's events.
const ticketOrder = " ORDER BY t.opened_at, t.id, e.seq"

var (
	getTicket    = sqlQuery(ticketSelect + " WHERE t.id = $1 ORDER BY e.seq")
	insertTicket = sqlQuery("INSERT INTO ka_tickets (id, account, tier, category, service, opened_at, last_at, done, version) " +
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1) ON CONFLICT (id) DO NOTHING")
	// bumpTicket increments the version if it is the one given, and so
	// locks the row until the append's transaction ends.
	bumpTicket      = sqlQuery("UPDATE ka_tickets SET version = version + 1 WHERE id = $1 AND version = $2 RETURNING account, tier, category, service")
	ticketVersion   = sqlQuery("SELECT version FROM ka_tickets WHERE id = $1")
	ticketEvents    = sqlQuery("SELECT seq, id, at, kind, priority, status FROM ka_ticket_events WHERE ticket = $1 ORDER BY seq")
	setTicketDerive = sqlQuery("UPDATE ka_tickets SET last_at = $2, done = $3 WHERE id = $1")
)

// eventCols is the number of columns of ka_ticket_events.
const eventCols = 7

// Ticket returns the ticket with the given ID, its events in the order
// they were appended, read in one statement. The error wraps
// [account.ErrNotFound] if there is none, or [ErrCorrupt] if the stored
// ticket does not decode or fails [sla.Timeline.Validate].
func (s *Store) Ticket(ctx context.Context, id string) (sla.Ticket, error) {
	const what = "read Ticket"
	if textReason(id) != "" { // no ticket has an ID the store cannot keep
		if err := s.begin(ctx, what); err != nil {
			return sla.Ticket{}, err
		}
		return sla.Ticket{}, notFoundTicket(id)
	}
	for t, err := range groupTickets(what, stream(ctx, s, what, getTicket.text(s.dialect), []any{id}, scanTicketRow)) {
		return t, err
	}
	return sla.Ticket{}, notFoundTicket(id)
}

func notFoundTicket(id string) error {
	return fmt.Errorf("sqlstore: Ticket %q: %w", id, account.ErrNotFound)
}

// Tickets yields the tickets that match f, ordered by the instant they were
// opened, then by ID (byte-wise), reading them from the database as the
// caller ranges. The whole filter runs in SQL: From and To on the
// ka_tickets_opened index, Account, Category and Service on indexes of
// their own, ActiveFrom on the derived columns last_at and done, and
// UnsolvedAt on the derived columns where the ticket's last event is at or
// before the instant, else on its last reopened, solved or closed event
// at or before it (the partial index ka_ticket_events_state). Bounds are
// compared at the microsecond, as stored times are.
func (s *Store) Tickets(ctx context.Context, f sla.TicketFilter) iter.Seq2[sla.Ticket, error] {
	const what = "list Tickets"
	var p params
	conds := ticketConds(s.dialect, f, &p)
	text := sqlQuery(ticketSelect + where(conds) + ticketOrder).text(s.dialect)
	return groupTickets(what, stream(ctx, s, what, text, p.args, scanTicketRow))
}

// ticketConds returns the conditions of f on a ticket t, their arguments
// added to p.
func ticketConds(d Dialect, f sla.TicketFilter, p *params) []string {
	var conds []string
	none := false
	// equal selects the tickets whose column col is v; no ticket holds
	// text the store cannot keep.
	equal := func(col, v string) {
		if textReason(v) != "" {
			none = true
			return
		}
		conds = append(conds, col+" = "+p.add(v))
	}
	if f.Account != "" {
		equal("t.account", string(f.Account))
	}
	if len(f.Tiers) > 0 {
		tiers := slices.Clone(f.Tiers)
		slices.Sort(tiers)
		var in []string
		for _, t := range slices.Compact(tiers) {
			in = append(in, p.add(int64(t)))
		}
		conds = append(conds, "t.tier IN ("+strings.Join(in, ", ")+")")
	}
	if f.Category != "" {
		equal("t.category", f.Category)
	}
	if f.Service != "" {
		equal("t.service", f.Service)
	}
	if !f.From.IsZero() {
		switch arg, pos := boundArg(d, f.From); pos {
		case 0:
			conds = append(conds, "t.opened_at >= "+p.add(arg))
		case 1:
			none = true
		}
	}
	if !f.To.IsZero() {
		switch arg, pos := boundArg(d, f.To); pos {
		case 0:
			conds = append(conds, "t.opened_at < "+p.add(arg))
		case -1:
			none = true
		}
	}
	if !f.UnsolvedAt.IsZero() {
		// At or before u is at or before u rounded down to the microsecond,
		// as timeArg rounds it.
		u := f.UnsolvedAt
		if y := u.UTC().Year(); y < minYear {
			none = true
		} else {
			if y > maxYear {
				u = time.Date(maxYear, 12, 31, 23, 59, 59, 999999000, time.UTC) // after every stored time
			}
			arg, _ := timeArg(d, "", "", "", u) // in range: checked above
			at := p.add(arg)
			conds = append(conds, "t.opened_at <= "+at+" AND CASE WHEN t.last_at <= "+at+" THEN NOT t.done ELSE "+
				"COALESCE((SELECT s.kind FROM ka_ticket_events s WHERE s.ticket = t.id AND s.kind IN "+stateKinds+
				" AND s.at <= "+at+" ORDER BY s.at DESC, s.kind DESC LIMIT 1), "+strconv.Itoa(int(sla.EventReopened))+") = "+
				strconv.Itoa(int(sla.EventReopened))+" END")
		}
	}
	if !f.ActiveFrom.IsZero() {
		// Dropped: the last event is before ActiveFrom and left the ticket
		// done, so that it was done at ActiveFrom.
		switch arg, pos := boundArg(d, f.ActiveFrom); pos {
		case 0:
			conds = append(conds, "(t.last_at >= "+p.add(arg)+" OR NOT t.done)")
		case 1:
			conds = append(conds, "NOT t.done")
		}
	}
	if none {
		conds = append(conds, "1 = 0")
	}
	return conds
}

// CreateTicket stores tl as a new ticket with Version 1, in one
// transaction, and returns it, its times rounded down to the microsecond
// as stored. The ticket is validated as it will be stored, with its times
// rounded. The error wraps [sla.ErrInvalid] (with the error of
// [sla.Timeline.Validate]; or [ErrUnstorable] with a [*account.FieldError]
// for text or a time the database cannot keep) or [account.ErrConflict]
// if the ID is taken.
func (s *Store) CreateTicket(ctx context.Context, tl sla.Timeline) (sla.Ticket, error) {
	const what = "create Ticket"
	if err := s.begin(ctx, what); err != nil {
		return sla.Ticket{}, err
	}
	t := sla.Ticket{Timeline: tl, Version: 1}
	t.Events = storedEvents(tl.Events)
	if err := t.Validate(); err != nil {
		return sla.Ticket{}, fmt.Errorf("sqlstore: create: %w", err)
	}
	head, err := ticketArgs(s.dialect, &t.Timeline)
	if err != nil {
		return sla.Ticket{}, fmt.Errorf("sqlstore: create: %w: %w", sla.ErrInvalid, err)
	}
	evArgs, err := eventArgs(s.dialect, &t.Timeline, 0)
	if err != nil {
		return sla.Ticket{}, fmt.Errorf("sqlstore: create: %w: %w", sla.ErrInvalid, err)
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, insertTicket.text(s.dialect), head...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return firstErr(err, errTaken)
		}
		return insertEvents(ctx, s.dialect, tx, evArgs)
	})
	switch {
	case err == errTaken:
		return sla.Ticket{}, fmt.Errorf("sqlstore: Ticket %q: the ID is taken: %w", tl.Ticket, account.ErrConflict)
	case err != nil:
		return sla.Ticket{}, s.fail(ctx, what, err)
	}
	return t, nil
}

// firstErr returns the first of a and b that is not nil.
func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// AppendTicketEvents appends evs to the ticket id, all or none, if its
// stored version is version, and returns the ticket with its version
// incremented, its times rounded down to the microsecond as stored. In
// one transaction it increments the version (the statement that checks it
// locks the row: of concurrent appends with one version one succeeds, the
// others get [account.ErrConflict]), reads the stored events, validates
// the ticket with evs appended, inserts them and updates the derived
// columns. Appending no events stores nothing and returns the stored
// ticket. The error wraps [account.ErrNotFound], [account.ErrConflict]
// (a stale version) or [sla.ErrInvalid] (with the [*sla.EventError] or
// [*account.FieldError] of [sla.Timeline.Validate], or [ErrUnstorable]).
// An append reads every stored event of the ticket, as validation needs.
func (s *Store) AppendTicketEvents(ctx context.Context, id string, version int64, evs ...sla.Event) (sla.Ticket, error) {
	const what = "append Ticket events"
	if len(evs) == 0 {
		t, err := s.Ticket(ctx, id)
		if err == nil && t.Version != version {
			return sla.Ticket{}, staleTicket(id, version, t.Version)
		}
		return t, err
	}
	if err := s.begin(ctx, what); err != nil {
		return sla.Ticket{}, err
	}
	if textReason(id) != "" { // no ticket has an ID the store cannot keep
		return sla.Ticket{}, notFoundTicket(id)
	}
	evs = storedEvents(evs)
	var out sla.Ticket
	var refused error // the reason the append is refused, which rolls it back
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		out, refused = sla.Ticket{}, nil
		t := sla.Ticket{Timeline: sla.Timeline{Ticket: id}, Version: version + 1}
		var tier int64
		err := tx.QueryRowContext(ctx, bumpTicket.text(s.dialect), id, version).
			Scan((*string)(&t.Account), &tier, &t.Category, &t.Service)
		if errors.Is(err, sql.ErrNoRows) {
			refused = ticketMissOrStale(ctx, s, tx, id, version)
			return errRefused
		}
		if err != nil {
			return err
		}
		t.Tier = account.Tier(tier)
		if t.Events, err = readEvents(ctx, s, tx, id); err != nil {
			return err
		}
		n := len(t.Events)
		t.Events = append(t.Events, evs...)
		if err := t.Validate(); err != nil {
			stored := t.Timeline
			stored.Events = t.Events[:n]
			if bad := stored.Validate(); bad != nil {
				return fmt.Errorf("Ticket %q: %w: the stored ticket is not valid: %v", id, ErrCorrupt, bad)
			}
			refused = fmt.Errorf("sqlstore: append: %w", err)
			return errRefused
		}
		args, err := eventArgs(s.dialect, &t.Timeline, n)
		if err != nil {
			refused = fmt.Errorf("sqlstore: append: %w: %w", sla.ErrInvalid, err)
			return errRefused
		}
		if err := insertEvents(ctx, s.dialect, tx, args); err != nil {
			return err
		}
		last, _ := timeArg(s.dialect, "", "", "", t.Events[len(t.Events)-1].At) // in range: eventArgs checked it
		if _, err := tx.ExecContext(ctx, setTicketDerive.text(s.dialect), id, last, ticketDone(t.Events)); err != nil {
			return err
		}
		out = t
		return nil
	})
	switch {
	case err == errRefused:
		return sla.Ticket{}, refused
	case err != nil:
		return sla.Ticket{}, s.scanFail(ctx, what, err) // keeps ErrCorrupt of a stored event
	}
	return out, nil
}

// errRefused ends a transaction whose call is refused for a reason kept
// beside it (a missing record, a stale version, an invalid batch).
var errRefused = errors.New("sqlstore: refused")

func staleTicket(id string, version, stored int64) error {
	return fmt.Errorf("sqlstore: Ticket %q: version %d is not the stored version %d: %w", id, version, stored, account.ErrConflict)
}

// ticketMissOrStale returns why the version of ticket id could not be
// incremented from version: there is no such ticket, or its version is
// another. The error of the database, if any, is returned as it is.
func ticketMissOrStale(ctx context.Context, s *Store, tx *sql.Tx, id string, version int64) error {
	var stored int64
	err := tx.QueryRowContext(ctx, ticketVersion.text(s.dialect), id).Scan(anyInt(&stored))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return notFoundTicket(id)
	case err != nil:
		return s.scanFail(ctx, "append Ticket events", corruptTicket(id, err))
	}
	return staleTicket(id, version, stored)
}

// readEvents reads the stored events of ticket id in a transaction.
func readEvents(ctx context.Context, s *Store, tx *sql.Tx, id string) ([]sla.Event, error) {
	rows, err := tx.QueryContext(ctx, ticketEvents.text(s.dialect), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var evs []sla.Event
	for rows.Next() {
		var seq int64
		var ev sla.Event
		if err := rows.Scan(anyInt(&seq), &ev.ID, timeCol{&ev.At}, eventKindCol(&ev.Kind), priorityCol(&ev.Priority), statusCol(&ev.Status)); err != nil {
			return nil, corruptTicket(id, err)
		}
		if seq != int64(len(evs)) {
			return nil, corruptTicket(id, fmt.Errorf("%w: event %d is numbered %d", ErrCorrupt, len(evs), seq))
		}
		evs = append(evs, ev)
	}
	return evs, rows.Err()
}

// corruptTicket names the ticket in an error of a stored value; other
// errors (the database's) are returned as they are.
func corruptTicket(id string, err error) error {
	if errors.Is(err, ErrCorrupt) {
		return fmt.Errorf("Ticket %q: %w", id, err)
	}
	return err
}

// storedEvents returns a copy of evs with their times rounded down to the
// microsecond, as the database keeps them: a ticket is validated as it
// will be read back.
func storedEvents(evs []sla.Event) []sla.Event {
	out := slices.Clone(evs)
	for i := range out {
		out[i].At = out[i].At.Truncate(time.Microsecond)
	}
	return out
}

// ticketDone reports whether evs leave the ticket solved or closed: of
// its reopened, solved and closed events, the last by time and, at one
// instant, by the canonical order of kinds, is not a reopening.
func ticketDone(evs []sla.Event) bool {
	var last *sla.Event
	for i := range evs {
		ev := &evs[i]
		switch ev.Kind {
		case sla.EventReopened, sla.EventSolved, sla.EventClosed:
			if last == nil || last.At.Before(ev.At) || last.At.Equal(ev.At) && last.Kind < ev.Kind {
				last = ev
			}
		}
	}
	return last != nil && last.Kind != sla.EventReopened
}

// ticketArgs returns the arguments of insertTicket for a valid tl.
func ticketArgs(d Dialect, tl *sla.Timeline) ([]any, error) {
	r := newRow(d, "Timeline", tl.Ticket)
	r.text("Ticket", tl.Ticket)
	r.text("Account", string(tl.Account))
	r.add(int64(tl.Tier))
	r.text("Category", tl.Category)
	r.text("Service", tl.Service)
	r.time("Events[0].At", tl.Events[0].At)
	r.time("Events["+strconv.Itoa(len(tl.Events)-1)+"].At", tl.Events[len(tl.Events)-1].At)
	r.add(ticketDone(tl.Events))
	return r.args, r.err
}

// eventArgs returns the rows of ka_ticket_events that store the events of
// tl from index from on.
func eventArgs(d Dialect, tl *sla.Timeline, from int) ([]any, error) {
	r := newRow(d, "Timeline", tl.Ticket)
	for i := from; i < len(tl.Events); i++ {
		ev := &tl.Events[i]
		field := "Events[" + strconv.Itoa(i) + "]."
		r.add(tl.Ticket)
		r.add(int64(i))
		r.text(field+"ID", ev.ID)
		r.time(field+"At", ev.At)
		r.add(int64(ev.Kind))
		r.add(int64(ev.Priority))
		r.add(int64(ev.Status))
	}
	return r.args, r.err
}

// insertEvents inserts rows of ka_ticket_events, eventCols arguments
// each.
func insertEvents(ctx context.Context, d Dialect, tx *sql.Tx, args []any) error {
	return insertRows(ctx, d, tx, "ka_ticket_events (ticket, seq, id, at, kind, priority, status)", eventCols, args)
}

// A ticketRow is one row of ticketSelect: a ticket's fixed fields and
// version, and one of its events with its number.
type ticketRow struct {
	t   sla.Ticket // without events
	seq int64
	ev  sla.Event
}

// scanTicketRow reads a row of ticketSelect.
func scanTicketRow(sc scanner) (ticketRow, error) {
	var r ticketRow
	err := sc.Scan(&r.t.Ticket, (*string)(&r.t.Account), intCol[account.Tier]{v: &r.t.Tier, lo: 0, hi: 255},
		&r.t.Category, &r.t.Service, anyInt(&r.t.Version),
		anyInt(&r.seq), &r.ev.ID, timeCol{&r.ev.At}, eventKindCol(&r.ev.Kind), priorityCol(&r.ev.Priority), statusCol(&r.ev.Status))
	return r, corruptTicket(r.t.Ticket, err)
}

// anyInt scans an integer column into *v, reporting anything else as
// ErrCorrupt (database/sql would convert a text column holding digits).
func anyInt(v *int64) intCol[int64] { return intCol[int64]{v: v, lo: math.MinInt64, hi: math.MaxInt64} }

func eventKindCol(k *sla.EventKind) intCol[uint8] {
	return intCol[uint8]{v: (*uint8)(k), lo: 0, hi: 255}
}
func priorityCol(p *sla.Priority) intCol[uint8] { return intCol[uint8]{v: (*uint8)(p), lo: 0, hi: 255} }
func statusCol(st *sla.Status) intCol[uint8]    { return intCol[uint8]{v: (*uint8)(st), lo: 0, hi: 255} }

// groupTickets gathers the rows of ticketSelect, in order of ticket then
// seq, into tickets, and checks each: its events numbered 0, 1, ... and
// the whole passing [sla.Timeline.Validate], else an error wrapping
// ErrCorrupt. It keeps the contract of stream: one (zero, error) pair on
// failure, rows closed when the caller stops.
func groupTickets(what string, rows iter.Seq2[ticketRow, error]) iter.Seq2[sla.Ticket, error] {
	return func(yield func(sla.Ticket, error) bool) {
		var cur sla.Ticket
		have := false
		for r, err := range rows {
			if err != nil {
				yield(sla.Ticket{}, err)
				return
			}
			if have && r.t.Ticket != cur.Ticket {
				t, err := checkTicket(what, cur)
				if !yield(t, err) || err != nil {
					return
				}
				have = false
			}
			if !have {
				cur, have = r.t, true
			}
			if r.seq < 0 {
				yield(sla.Ticket{}, fmt.Errorf("sqlstore: %s: Ticket %q: %w: the ticket has no events", what, cur.Ticket, ErrCorrupt))
				return
			}
			if r.seq != int64(len(cur.Events)) {
				yield(sla.Ticket{}, fmt.Errorf("sqlstore: %s: Ticket %q: %w: event %d is numbered %d (a ticket has events 0, 1, ...)",
					what, cur.Ticket, ErrCorrupt, len(cur.Events), r.seq))
				return
			}
			cur.Events = append(cur.Events, r.ev)
		}
		if have {
			yield(checkTicket(what, cur))
		}
	}
}

// checkTicket checks a ticket read back: one that fails Validate was
// written around the package.
func checkTicket(what string, t sla.Ticket) (sla.Ticket, error) {
	if err := t.Validate(); err != nil {
		return sla.Ticket{}, fmt.Errorf("sqlstore: %s: Ticket %q: %w: the stored ticket is not valid: %v", what, t.Ticket, ErrCorrupt, err)
	}
	t.Events = slices.Clip(t.Events)
	return t, nil
}
