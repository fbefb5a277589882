package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/sla"
)

// What the conformance suites cannot see of tickets and escalation: rows
// spoiled around the package, values the database cannot keep, times
// finer than a microsecond, batches longer than one INSERT, filters on
// their indexes, adds from several Stores, a connection killed mid-list.

func sampleTimeline(id string, open time.Time) sla.Timeline {
	return sla.Timeline{Ticket: id, Account: "acme", Tier: 1, Category: "billing", Service: "email",
		Events: []sla.Event{{ID: id + "/open", At: open, Kind: sla.EventOpened, Priority: sla.PriorityHigh}}}
}

func noteAt(at time.Time) sla.Event { return sla.Event{At: at, Kind: sla.EventInternalNote} }

func sampleFired(issue, level string, at time.Time) escalation.Record {
	return escalation.Record{Key: escalation.Key(issue, level, 0), Issue: issue, Account: "acme", Policy: "p", Version: 1,
		Level: 1, LevelName: level, Recipients: []escalation.Person{"amy"}, Due: at, At: at, Reason: "r"}
}

// ticketCalls runs every method of the ticket and escalation stores once
// and returns their errors by name; each list must yield one error only.
func ticketCalls(ctx context.Context, s *Store) map[string]error {
	errs := map[string]error{}
	_, errs["Ticket"] = s.Ticket(ctx, "x")
	_, errs["CreateTicket"] = s.CreateTicket(ctx, sampleTimeline("new", t0))
	_, errs["AppendTicketEvents"] = s.AppendTicketEvents(ctx, "x", 1, noteAt(t0.Add(time.Hour)))
	_, errs["AppendTicketEvents (none)"] = s.AppendTicketEvents(ctx, "x", 1)
	_, errs["AddFired"] = s.AddFired(ctx, sampleFired("x", "new", t0))
	errs["AddFacts"] = s.AddFacts(ctx, "x", escalation.Fact{At: t0, Kind: escalation.FactRequested})
	lists := map[string]func() (int, int, error){
		"Tickets": func() (int, int, error) { return pairs(s.Tickets(ctx, sla.TicketFilter{})) },
		"Fired":   func() (int, int, error) { return pairs(s.Fired(ctx, "x")) },
		"Facts":   func() (int, int, error) { return pairs(s.Facts(ctx, "x")) },
	}
	for name, list := range lists {
		values, n, err := list()
		if values != 0 || n != 1 {
			err = fmt.Errorf("%d values and %d errors (last %v), want one error", values, n, err)
		}
		errs[name] = err
	}
	return errs
}

// seedTicketX stores ticket "x" with three events, a record and two
// facts of issue "x".
func seedTicketX(t *testing.T, s *Store) {
	t.Helper()
	ctx := t.Context()
	tl := sampleTimeline("x", t0)
	tl.Events = append(tl.Events, noteAt(t0.Add(time.Hour)), sla.Event{At: t0.Add(2 * time.Hour), Kind: sla.EventSolved})
	if _, err := s.CreateTicket(ctx, tl); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddFired(ctx, sampleFired("x", "am", t0)); err != nil {
		t.Fatal(err)
	}
	if err := s.AddFacts(ctx, "x", escalation.Fact{At: t0, Kind: escalation.FactReassigned, Person: "bob"},
		escalation.Fact{ID: "f", At: t0, Kind: escalation.FactRequested}); err != nil {
		t.Fatal(err)
	}
}

func TestTicketsClosed(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		seedTicketX(t, s)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		for name, err := range ticketCalls(t.Context(), s) {
			if !errors.Is(err, ErrClosed) {
				t.Errorf("%s after Close: error = %v, want ErrClosed", name, err)
			}
		}
	})
}

func TestTicketsDoneContext(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		seedTicketX(t, s)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		for name, err := range ticketCalls(ctx, s) {
			if !errors.Is(err, context.Canceled) {
				t.Errorf("%s on a cancelled context: error = %v, want context.Canceled", name, err)
			}
		}
		if got, err := s.Ticket(t.Context(), "x"); err != nil || got.Version != 1 || len(got.Events) != 3 {
			t.Errorf("after the cancelled calls: %+v, %v; want the seeded ticket", got, err)
		}
	})
}

// TestTicketsMalformed spoils stored rows with raw SQL: every read of
// them (and an append, which reads the stored events) fails with
// ErrCorrupt naming the ticket, record or fact, and never panics.
func TestTicketsMalformed(t *testing.T) {
	recKey := strconv.Quote(escalation.Key("x", "am", 0))
	type corruption struct {
		name, stmt string
		record     string // Ticket, Record or Fact
		naming     string // what the error must name
	}
	common := []corruption{
		{"unknown event kind", "UPDATE ka_ticket_events SET kind = 99 WHERE ticket = 'x' AND seq = 1", "Ticket", `"x"`},
		{"event kind out of range", "UPDATE ka_ticket_events SET kind = 300 WHERE ticket = 'x' AND seq = 1", "Ticket", `"x"`},
		{"event priority on a note", "UPDATE ka_ticket_events SET priority = 2 WHERE ticket = 'x' AND seq = 1", "Ticket", `"x"`},
		{"events out of order", "UPDATE ka_ticket_events SET seq = 5 WHERE ticket = 'x' AND seq = 0", "Ticket", `"x"`},
		{"an event missing", "DELETE FROM ka_ticket_events WHERE ticket = 'x' AND seq = 1", "Ticket", `"x"`},
		{"no events", "DELETE FROM ka_ticket_events WHERE ticket = 'x'", "Ticket", `"x"`},
		{"no account", "UPDATE ka_tickets SET account = '' WHERE id = 'x'", "Ticket", `"x"`},
		{"record level 0", "UPDATE ka_escalation_records SET level = 0 WHERE issue = 'x'", "Record", recKey},
		{"record key of another level", "UPDATE ka_escalation_records SET level_name = 'tl' WHERE issue = 'x'", "Record", recKey},
		{"record without recipients", "UPDATE ka_escalation_records SET recipients = '[]' WHERE issue = 'x'", "Record", recKey},
		{"fact kind 0", "UPDATE ka_escalation_facts SET kind = 0 WHERE issue = 'x' AND seq = 0", "Fact", "Fact 0"},
		{"facts numbered with a gap", "DELETE FROM ka_escalation_facts WHERE issue = 'x' AND seq = 0", "Fact", "Fact 0"},
		{"reassignment without a person", "UPDATE ka_escalation_facts SET person = '' WHERE issue = 'x' AND seq = 0", "Fact", "Fact 0"},
	}
	byDialect := map[Dialect][]corruption{
		DialectPostgres: {
			{"recipients an object", `UPDATE ka_escalation_records SET recipients = '{"a":1}' WHERE issue = 'x'`, "Record", recKey},
			{"recipients numbers", `UPDATE ka_escalation_records SET recipients = '[1]' WHERE issue = 'x'`, "Record", recKey},
		},
		DialectSQLite: {
			{"event at a text", "UPDATE ka_ticket_events SET at = 'noon' WHERE ticket = 'x' AND seq = 1", "Ticket", `"x"`},
			{"event kind a text", "UPDATE ka_ticket_events SET kind = 'note' WHERE ticket = 'x' AND seq = 1", "Ticket", `"x"`},
			{"version a text", "UPDATE ka_tickets SET version = 'v' WHERE id = 'x'", "Ticket", `"x"`},
			{"record at in year 10000", "UPDATE ka_escalation_records SET at = 253402300800000000 WHERE issue = 'x'", "Record", recKey},
			{"recipients not JSON", "UPDATE ka_escalation_records SET recipients = 'amy' WHERE issue = 'x'", "Record", recKey},
			{"level huge", "UPDATE ka_escalation_records SET level = 'x' WHERE issue = 'x'", "Record", recKey},
			{"fact at a float", "UPDATE ka_escalation_facts SET at = 1.5 WHERE issue = 'x' AND seq = 0", "Fact", "Fact 0"},
		},
	}
	forEachDialect(t, func(t *testing.T, d Dialect) {
		for _, c := range append(common, byDialect[d]...) {
			t.Run(c.name, func(t *testing.T) {
				s := newTestStore(t, d)
				ctx := t.Context()
				seedTicketX(t, s)
				spoil(t, s, c.stmt)
				check := func(what string, values, errs int, last error) {
					t.Helper()
					if values != 0 || errs != 1 || !errors.Is(last, ErrCorrupt) || !strings.Contains(last.Error(), c.naming) {
						t.Errorf("%s: %d values, %d errors (last %v); want one ErrCorrupt naming %s", what, values, errs, last, c.naming)
					}
				}
				switch c.record {
				case "Ticket":
					_, err := s.Ticket(ctx, "x")
					check("Ticket", 0, 1, err)
					v, n, err := pairs(s.Tickets(ctx, sla.TicketFilter{}))
					check("Tickets", v, n, err)
					_, err = s.AppendTicketEvents(ctx, "x", 1, noteAt(t0.Add(9*time.Hour)))
					check("AppendTicketEvents", 0, 1, err)
				case "Record":
					v, n, err := pairs(s.Fired(ctx, "x"))
					check("Fired", v, n, err)
				case "Fact":
					v, n, err := pairs(s.Facts(ctx, "x"))
					check("Facts", v, n, err)
				}
			})
		}
	})
}

func TestTicketsUnstorable(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := t.Context()
		wantRefused := func(err, domain error, field string) {
			t.Helper()
			wantUnstorable(t, err, field)
			if !errors.Is(err, domain) {
				t.Errorf("error = %v, want it to wrap %v too", err, domain)
			}
		}
		bad := sampleTimeline("a", t0)
		bad.Category = "nul\x00"
		_, err := s.CreateTicket(ctx, bad)
		wantRefused(err, sla.ErrInvalid, "Category")
		bad = sampleTimeline("a", t0)
		bad.Events = append(bad.Events, sla.Event{ID: "\xff", At: t0, Kind: sla.EventInternalNote})
		_, err = s.CreateTicket(ctx, bad)
		wantRefused(err, sla.ErrInvalid, "Events[1].ID")
		bad = sampleTimeline("a", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))
		_, err = s.CreateTicket(ctx, bad)
		wantRefused(err, sla.ErrInvalid, "Events[0].At")
		if n, _, _ := pairs(s.Tickets(ctx, sla.TicketFilter{})); n != 0 {
			t.Errorf("%d refused tickets are stored", n)
		}

		if _, err := s.CreateTicket(ctx, sampleTimeline("a", t0)); err != nil {
			t.Fatal(err)
		}
		_, err = s.AppendTicketEvents(ctx, "a", 1, noteAt(t0.Add(time.Hour)), sla.Event{ID: "x\x00", At: t0.Add(2 * time.Hour), Kind: sla.EventAgentReply})
		wantRefused(err, sla.ErrInvalid, "Events[2].ID")
		_, err = s.AppendTicketEvents(ctx, "a", 1, noteAt(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)))
		wantRefused(err, sla.ErrInvalid, "Events[1].At")
		if got, err := s.Ticket(ctx, "a"); err != nil || got.Version != 1 || len(got.Events) != 1 {
			t.Errorf("after the refused appends: version %d with %d events (%v), want 1 with 1", got.Version, len(got.Events), err)
		}

		r := sampleFired("a", "am", t0)
		r.Reason = "\xfe"
		added, err := s.AddFired(ctx, r)
		wantRefused(err, escalation.ErrInvalid, "Reason")
		r = sampleFired("a", "am", t0)
		r.Recipients = []escalation.Person{"amy", "b\x00b"}
		_, err = s.AddFired(ctx, r)
		wantRefused(err, escalation.ErrInvalid, "Recipients[1]")
		if added {
			t.Error("a refused record reports added")
		}
		if n, _, _ := pairs(s.Fired(ctx, "a")); n != 0 {
			t.Errorf("%d refused records are stored", n)
		}

		err = s.AddFacts(ctx, "a", escalation.Fact{At: t0, Kind: escalation.FactRequested},
			escalation.Fact{At: t0, Kind: escalation.FactReassigned, Person: "\xff"})
		wantRefused(err, escalation.ErrInvalid, "Person")
		err = s.AddFacts(ctx, "a\x00", escalation.Fact{At: t0, Kind: escalation.FactRequested})
		wantRefused(err, escalation.ErrInvalid, "issue")
		if n, _, _ := pairs(s.Facts(ctx, "a")); n != 0 {
			t.Errorf("%d facts of a refused batch are stored", n)
		}
		// Keys the store cannot keep find nothing, in both dialects alike.
		for _, key := range []string{"a\xff", "a\x00"} {
			if _, err := s.Ticket(ctx, key); !errors.Is(err, account.ErrNotFound) {
				t.Errorf("Ticket(%q): error = %v, want ErrNotFound", key, err)
			}
			if _, err := s.AppendTicketEvents(ctx, key, 1, noteAt(t0.Add(time.Hour))); !errors.Is(err, account.ErrNotFound) {
				t.Errorf("AppendTicketEvents(%q): error = %v, want ErrNotFound", key, err)
			}
			for _, f := range []sla.TicketFilter{{Account: account.ID(key)}, {Category: key}, {Service: key}} {
				if n, errs, err := pairs(s.Tickets(ctx, f)); n != 0 || errs != 0 {
					t.Errorf("Tickets(%+v): %d tickets, %d errors (%v), want none", f, n, errs, err)
				}
			}
			if n, errs, err := pairs(s.Fired(ctx, key)); n != 0 || errs != 0 {
				t.Errorf("Fired(%q): %d records, %d errors (%v), want none", key, n, errs, err)
			}
			if n, errs, err := pairs(s.Facts(ctx, key)); n != 0 || errs != 0 {
				t.Errorf("Facts(%q): %d facts, %d errors (%v), want none", key, n, errs, err)
			}
		}
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		if _, errs, err := pairs(s.Fired(cancelled, "\xff")); errs != 1 || !errors.Is(err, context.Canceled) {
			t.Errorf("Fired of an unstorable issue on a cancelled context: %d errors (%v), want context.Canceled", errs, err)
		}
		if _, err := s.Ticket(cancelled, "\xff"); !errors.Is(err, context.Canceled) {
			t.Errorf("Ticket of an unstorable ID on a cancelled context: %v, want context.Canceled", err)
		}

		// The log of the refused batch is not left behind: a first fact at
		// any time is taken.
		if err := s.AddFacts(ctx, "a", escalation.Fact{At: t0.Add(-time.Hour), Kind: escalation.FactRequested}); err != nil {
			t.Errorf("a fact after a refused batch: %v", err)
		}
	})
}

// TestTicketsMicroseconds checks that times finer than a microsecond are
// stored rounded down, and that a ticket (and a log of facts) is checked
// as stored: events in order only by nanoseconds are at one instant, in
// the canonical order of their kinds.
func TestTicketsMicroseconds(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := t.Context()
		tl := sampleTimeline("a", t0.Add(999*time.Nanosecond))
		tl.Events = append(tl.Events, sla.Event{At: t0.Add(time.Hour + 1), Kind: sla.EventSolved})
		created, err := s.CreateTicket(ctx, tl)
		if err != nil {
			t.Fatal(err)
		}
		read, err := s.Ticket(ctx, "a")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(read, created); diff != "" {
			t.Errorf("read differs from created (-read +created):\n%s", diff)
		}
		if !created.Events[0].At.Equal(t0) || !created.Events[1].At.Equal(t0.Add(time.Hour)) {
			t.Errorf("created at %v and %v, want them rounded down to %v and %v", created.Events[0].At, created.Events[1].At, t0, t0.Add(time.Hour))
		}
		// Reopened 1 ns after the solving: valid as given, but stored at
		// the solving microsecond, where a reopening is taken first.
		_, err = s.AppendTicketEvents(ctx, "a", 1, sla.Event{At: t0.Add(time.Hour + 2), Kind: sla.EventReopened})
		var ee *sla.EventError
		if !errors.Is(err, sla.ErrTransition) || !errors.As(err, &ee) || ee.Index != 2 {
			t.Errorf("reopening a nanosecond after the solving: error = %v, want ErrTransition at event 2", err)
		}
		if _, err := s.AppendTicketEvents(ctx, "a", 1, sla.Event{At: t0.Add(time.Hour + time.Microsecond), Kind: sla.EventReopened}); err != nil {
			t.Errorf("reopening a microsecond after the solving: %v", err)
		}

		if err := s.AddFacts(ctx, "a", escalation.Fact{At: t0.Add(500), Kind: escalation.FactRequested}); err != nil {
			t.Fatal(err)
		}
		// 1 ns earlier than the stored fact as given, but the same
		// microsecond as stored: in order.
		if err := s.AddFacts(ctx, "a", escalation.Fact{At: t0.Add(499), Kind: escalation.FactRequested}); err != nil {
			t.Errorf("a fact in the stored fact's microsecond: %v", err)
		}
		err = s.AddFacts(ctx, "a", escalation.Fact{At: t0.Add(-1), Kind: escalation.FactRequested})
		var fe *account.FieldError
		if !errors.Is(err, escalation.ErrFactOrder) || !errors.As(err, &fe) || fe.Field != "At" {
			t.Errorf("a fact a nanosecond before the stored microsecond: error = %v, want ErrFactOrder on At", err)
		}
	})
}

// TestTicketsManyEvents stores tickets and logs longer than one INSERT
// holds, and refuses a batch whose fault is in its last statement whole.
func TestTicketsManyEvents(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := t.Context()
		n := maxBatchParams/eventCols + 5
		tl := sampleTimeline("long", t0)
		for i := 1; i < n; i++ {
			tl.Events = append(tl.Events, noteAt(t0.Add(time.Duration(i)*time.Second)))
		}
		if _, err := s.CreateTicket(ctx, tl); err != nil {
			t.Fatal(err)
		}
		more := make([]sla.Event, n)
		for i := range more {
			more[i] = noteAt(t0.Add(time.Duration(n+i) * time.Second))
		}
		bad := append(more[:n-1:n-1], sla.Event{At: t0.Add(time.Duration(2*n) * time.Second), Kind: sla.EventReopened})
		_, err := s.AppendTicketEvents(ctx, "long", 1, bad...)
		var ee *sla.EventError
		if !errors.Is(err, sla.ErrTransition) || !errors.As(err, &ee) || ee.Index != 2*n-1 {
			t.Errorf("a long batch refused at its end: error = %v, want ErrTransition at event %d", err, 2*n-1)
		}
		got, err := s.AppendTicketEvents(ctx, "long", 1, more...)
		if err != nil {
			t.Fatal(err)
		}
		read, err := s.Ticket(ctx, "long")
		if err != nil || len(read.Events) != 2*n || read.Version != 2 {
			t.Fatalf("read %d events at version %d (%v), want %d at 2", len(read.Events), read.Version, err, 2*n)
		}
		if diff := cmp.Diff(read, got); diff != "" {
			t.Errorf("read differs from appended (-read +appended):\n%s", diff)
		}

		facts := make([]escalation.Fact, maxBatchParams/factCols+3)
		for i := range facts {
			facts[i] = escalation.Fact{ID: fmt.Sprint("f", i), At: t0, Kind: escalation.FactRequested}
		}
		if err := s.AddFacts(ctx, "long", facts...); err != nil {
			t.Fatal(err)
		}
		stored, err := account.Collect(s.Facts(ctx, "long"))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(stored, facts, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("stored facts (-got +want):\n%s", diff)
		}
	})
}

// TestAddFiredManyStores races adds of one key from several Stores, each
// with its own connections, as several workers would: exactly one stores.
func TestAddFiredManyStores(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		dsn := testDSN(t, d)
		const stores, rounds = 4, 10
		ss := make([]*Store, stores)
		for i := range ss {
			ss[i] = newTestStoreAt(t, dsn)
		}
		for round := range rounds {
			added := make([]bool, 2*stores)
			errs := make([]error, 2*stores)
			var wg sync.WaitGroup
			for g := range 2 * stores {
				wg.Go(func() {
					r := sampleFired("T", fmt.Sprint("l", round), t0.Add(time.Duration(round)*time.Minute))
					r.Reason = fmt.Sprint("worker ", g)
					added[g], errs[g] = ss[g%stores].AddFired(t.Context(), r)
				})
			}
			wg.Wait()
			winners := 0
			for g := range added {
				if errs[g] != nil {
					t.Fatalf("round %d, worker %d: %v", round, g, errs[g])
				}
				if added[g] {
					winners++
				}
			}
			if winners != 1 {
				t.Errorf("round %d: %d adds of one key report added, want 1", round, winners)
			}
		}
		if recs, err := account.Collect(ss[0].Fired(t.Context(), "T")); err != nil || len(recs) != rounds {
			t.Errorf("%d records stored (%v), want %d", len(recs), err, rounds)
		}
	})
}

// pairsKilled ranges over seq, terminating the server processes of the
// PostgreSQL test database dsn once the first value is read, and returns
// how many values and errors seq yielded, and the last error.
func pairsKilled[V any](t *testing.T, dsn string, seq func(func(V, error) bool)) (values, errs int, last error) {
	t.Helper()
	killed := false
	return pairs(func(yield func(V, error) bool) {
		for v, err := range seq {
			if !yield(v, err) {
				return
			}
			if err == nil && !killed {
				killed = true
				if terminateBackends(t, dsn) == 0 {
					t.Fatal("no server process to terminate")
				}
			}
		}
	})
}

// TestTicketsConnectionKilled terminates the server process a running
// list of tickets reads from: the list ends with one ErrDatabase.
func TestTicketsConnectionKilled(t *testing.T) {
	dsn := newTestSchema(t)
	s := newTestStoreAt(t, dsn)
	ctx := t.Context()
	const n = 50_000 // tickets of 3 events: more than the driver and the socket buffer hold
	_, err := s.db.ExecContext(ctx, `
		INSERT INTO ka_tickets (id, account, tier, category, service, opened_at, last_at, done, version)
		SELECT 't' || lpad(g::text, 6, '0'), 'acme', 1, 'billing', 'email', $1::timestamptz + g * interval '1 second',
			$1::timestamptz + g * interval '1 second' + interval '1 hour', FALSE, 1
		FROM generate_series(1, $2::int) g;
		`, t0, n)
	if err == nil {
		_, err = s.db.ExecContext(ctx, `
		INSERT INTO ka_ticket_events (ticket, seq, id, at, kind, priority, status)
		SELECT id, k, '', opened_at + k * interval '30 minutes', CASE k WHEN 0 THEN 1 ELSE 6 END, CASE k WHEN 0 THEN 2 ELSE 0 END, 0
		FROM ka_tickets, generate_series(0, 2) k`)
	}
	if err != nil {
		t.Fatal(err)
	}
	values, errs, last := pairsKilled(t, dsn, s.Tickets(ctx, sla.TicketFilter{}))
	if errs != 1 || !errors.Is(last, ErrDatabase) || values >= n {
		t.Errorf("read %d of %d tickets, %d errors (last %v); want fewer tickets and one ErrDatabase", values, n, errs, last)
	}
}
