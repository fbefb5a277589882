package sqlstore

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/sla"
	"pgregory.net/rapid"
)

// require is what check needs of a *testing.T or a *rapid.T.
type require interface {
	Fatal(args ...any)
	Errorf(format string, args ...any)
}

// randomTimeline returns a valid timeline of ticket id: opened at a random
// hour, then up to 8 events, some at the instant of the one before,
// solving, reopening, pausing and closing the ticket as its state allows.
func randomTimeline(r *rand.Rand, id string) sla.Timeline {
	at := t0.Add(time.Duration(r.IntN(10)) * time.Hour)
	tl := sla.Timeline{Ticket: id, Account: account.ID(fmt.Sprint("a", r.IntN(3))), Tier: account.Tier(r.IntN(4)),
		Category: []string{"", "billing", "outage"}[r.IntN(3)], Service: []string{"", "email"}[r.IntN(2)],
		Events: []sla.Event{{At: at, Kind: sla.EventOpened, Priority: sla.PriorityNormal}}}
	solved := false
	for range r.IntN(9) {
		if r.IntN(3) > 0 {
			at = at.Add(time.Duration(r.IntN(90)) * time.Minute)
		}
		var ev sla.Event
		switch k := r.IntN(5); {
		case k == 0 && solved:
			ev, solved = sla.Event{Kind: sla.EventReopened}, false
		case k == 1 && !solved:
			ev, solved = sla.Event{Kind: sla.EventSolved}, true
		case k == 2 && !solved:
			ev = sla.Event{Kind: sla.EventStatusChanged, Status: sla.StatusPending}
		case k == 3 && r.IntN(4) == 0:
			ev = sla.Event{Kind: sla.EventClosed}
		default:
			ev = sla.Event{Kind: sla.EventAgentReply}
		}
		ev.At = at
		next := tl
		next.Events = append(append([]sla.Event(nil), tl.Events...), ev)
		if next.Validate() != nil {
			break // a same-instant order the state machine refuses
		}
		tl = next
		if ev.Kind == sla.EventClosed {
			break
		}
	}
	return tl
}

// TestTicketFiltersMatch checks, on random tickets and random filters
// with bounds at, a nanosecond or a microsecond either side of stored
// instants, or outside the years the store keeps, that the SQL filter
// selects exactly what sla.TicketFilter.Match selects of the stored
// tickets, in the list order.
func TestTicketFiltersMatch(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := t.Context()
		r := rand.New(rand.NewPCG(15, 2))
		var instants []time.Time
		for i := range 60 {
			tl := randomTimeline(r, fmt.Sprintf("T%02d", i))
			if _, err := s.CreateTicket(ctx, tl); err != nil {
				t.Fatal(err)
			}
			for _, ev := range tl.Events {
				instants = append(instants, ev.At)
			}
		}
		// Two tickets reopened and solved again at one instant, with a
		// later event: their state there is the canonical order's.
		h := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Hour) }
		for _, tl := range []sla.Timeline{
			{Ticket: "R1", Account: "a0", Events: []sla.Event{{At: h(0), Kind: sla.EventOpened, Priority: sla.PriorityLow},
				{At: h(1), Kind: sla.EventSolved}, {At: h(2), Kind: sla.EventSolved}, {At: h(2), Kind: sla.EventReopened}, noteAt(h(3))}},
			{Ticket: "R2", Account: "a1", Events: []sla.Event{{At: h(0), Kind: sla.EventOpened, Priority: sla.PriorityLow},
				{At: h(1), Kind: sla.EventSolved}, {At: h(2), Kind: sla.EventReopened}, {At: h(2), Kind: sla.EventClosed}, noteAt(h(2))}},
		} {
			if _, err := s.CreateTicket(ctx, tl); err != nil {
				t.Fatal(err)
			}
			for _, ev := range tl.Events {
				instants = append(instants, ev.At)
			}
		}
		stored, err := account.Collect(s.Tickets(ctx, sla.TicketFilter{}))
		if err != nil || len(stored) != 62 {
			t.Fatalf("stored %d tickets (%v), want 62", len(stored), err)
		}
		offsets := []time.Duration{0, 0, -time.Nanosecond, time.Nanosecond, -time.Microsecond, time.Microsecond, 999 * time.Nanosecond}
		check := func(t require, f sla.TicketFilter) {
			var want []string
			for _, tk := range stored {
				if f.Match(tk.Timeline) {
					want = append(want, tk.Ticket)
				}
			}
			got, err := account.Collect(s.Tickets(ctx, f))
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, tk := range got {
				ids = append(ids, tk.Ticket)
			}
			if diff := cmp.Diff(ids, want, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("filter %+v (-got +want):\n%s", f, diff)
			}
		}
		// Each time field alone, at every stored instant and next to it.
		seen := map[time.Time]bool{}
		for _, at := range instants {
			if seen[at] {
				continue
			}
			seen[at] = true
			for _, off := range offsets[1:] {
				x := at.Add(off)
				for _, f := range []sla.TicketFilter{{From: x}, {To: x}, {UnsolvedAt: x}, {ActiveFrom: x}} {
					check(t, f)
				}
			}
		}
		anyTime := rapid.Custom(func(rt *rapid.T) time.Time {
			switch rapid.IntRange(0, 9).Draw(rt, "kind") {
			case 0:
				return time.Time{}
			case 1:
				return time.Date(0, 12, 31, 23, 59, 59, 0, time.UTC) // before every storable time
			case 2:
				return time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) // after every storable time
			}
			at := rapid.SampledFrom(instants).Draw(rt, "instant")
			return at.Add(rapid.SampledFrom(offsets).Draw(rt, "offset"))
		})
		rapid.Check(t, func(rt *rapid.T) {
			f := sla.TicketFilter{
				Account:  account.ID(rapid.SampledFrom([]string{"", "a0", "a1"}).Draw(rt, "account")),
				Category: rapid.SampledFrom([]string{"", "billing"}).Draw(rt, "category"),
				Service:  rapid.SampledFrom([]string{"", "email"}).Draw(rt, "service"),
			}
			for _, tier := range rapid.SliceOfNDistinct(rapid.IntRange(0, 4), 0, 3, rapid.ID).Draw(rt, "tiers") {
				f.Tiers = append(f.Tiers, account.Tier(tier))
			}
			f.From, f.To = anyTime.Draw(rt, "From"), anyTime.Draw(rt, "To")
			f.UnsolvedAt, f.ActiveFrom = anyTime.Draw(rt, "UnsolvedAt"), anyTime.Draw(rt, "ActiveFrom")
			check(rt, f)
		})
	})
}

// TestTicketFilterPlans checks that the list order and the filters that
// narrow by an indexed column are answered with their index, and the
// state at an instant with the partial index of state events, not by
// reading a whole table and sorting it. In PostgreSQL, sequential scans,
// sorts and hash joins are turned off for the test, since on a small
// table they cost less: the test asks whether an index can answer, not
// which plan the planner picks for a table of a given size.
func TestTicketFilterPlans(t *testing.T) {
	tests := []struct {
		name  string
		f     sla.TicketFilter
		index string
	}{
		{"all, in order", sla.TicketFilter{}, "ka_tickets_opened"},
		{"From and To", sla.TicketFilter{From: t0, To: t0.Add(time.Hour)}, "ka_tickets_opened"},
		{"Account", sla.TicketFilter{Account: "a1"}, "ka_tickets_account"},
		{"Category", sla.TicketFilter{Category: "billing"}, "ka_tickets_category"},
		{"Service", sla.TicketFilter{Service: "email"}, "ka_tickets_service"},
		{"UnsolvedAt", sla.TicketFilter{UnsolvedAt: t0}, "ka_ticket_events_state"},
	}
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := t.Context()
		r := rand.New(rand.NewPCG(7, 7))
		for i := range 200 {
			if _, err := s.CreateTicket(ctx, randomTimeline(r, fmt.Sprintf("T%03d", i))); err != nil {
				t.Fatal(err)
			}
		}
		conn, err := s.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		explain := "EXPLAIN QUERY PLAN "
		if d == DialectPostgres {
			explain = "EXPLAIN "
			for _, stmt := range []string{"ANALYZE ka_tickets", "ANALYZE ka_ticket_events",
				"SET enable_seqscan = off", "SET enable_sort = off", "SET enable_hashjoin = off"} {
				if _, err := conn.ExecContext(ctx, stmt); err != nil {
					t.Fatal(err)
				}
			}
			defer conn.ExecContext(ctx, "RESET ALL")
		}
		for _, tt := range tests {
			var p params
			text := sqlQuery(ticketSelect + where(ticketConds(d, tt.f, &p)) + ticketOrder).text(d)
			plan := queryPlan(t, conn, explain+text, p.args)
			if !strings.Contains(plan, tt.index) {
				t.Errorf("%s: the plan uses no index %s:\n%s", tt.name, tt.index, plan)
			}
			if d == DialectSQLite && strings.Contains(plan, "SCAN t\n") {
				t.Errorf("%s: the plan reads the whole ka_tickets:\n%s", tt.name, plan)
			}
		}
	})
}

// queryPlan returns the text of the plan an EXPLAIN statement returns, a
// line per row (SQLite's rows end in their detail column).
func queryPlan(t *testing.T, conn *sql.Conn, stmt string, args []any) string {
	t.Helper()
	rows, err := conn.QueryContext(t.Context(), stmt, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%v\n", vals[len(vals)-1])
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
