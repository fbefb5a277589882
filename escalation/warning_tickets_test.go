package escalation_test

import (
	"errors"
	"iter"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/sla"
	"github.com/keyaccount/keyaccount/store/memstore"
)

// occTicket returns a stored ticket opened at open, reopened an hour later.
func occTicket(id string, acct account.ID, tier account.Tier, category, service string, open time.Time) sla.Ticket {
	return sla.Ticket{Version: 1, Timeline: sla.Timeline{Ticket: id, Account: acct, Tier: tier, Category: category, Service: service,
		Events: []sla.Event{
			{At: open, Kind: sla.EventOpened, Priority: sla.PriorityHigh},
			{At: open.Add(30 * time.Minute), Kind: sla.EventSolved},
			{At: open.Add(time.Hour), Kind: sla.EventReopened},
		}}}
}

type occResult struct {
	O   escalation.Occurrence
	Err error
}

func collectOccurrences(seq iter.Seq2[escalation.Occurrence, error]) []occResult {
	var out []occResult
	for o, err := range seq {
		out = append(out, occResult{o, err})
	}
	return out
}

func TestOccurrencesOf(t *testing.T) {
	t0 := time.Date(2024, time.June, 3, 9, 0, 0, 0, time.UTC)
	// Stored out of order: the store lists them by opening, then by ID.
	s := memstore.New()
	for _, tk := range []sla.Ticket{
		occTicket("T-3", "initech", 3, "", "vpn", t0.Add(time.Hour)),
		occTicket("T-2", "globex", 2, "login", "", t0),
		occTicket("T-1", "acme", 1, "network", "vpn", t0),
	} {
		if _, err := s.CreateTicket(t.Context(), tk.Timeline); err != nil {
			t.Fatal(err)
		}
	}
	got := collectOccurrences(escalation.OccurrencesOf(s.Tickets(t.Context(), sla.TicketFilter{})))
	want := []occResult{
		{O: escalation.Occurrence{Issue: "T-1", Account: "acme", Tier: 1, Category: "network", Service: "vpn", At: t0}},
		{O: escalation.Occurrence{Issue: "T-2", Account: "globex", Tier: 2, Category: "login", At: t0}},
		{O: escalation.Occurrence{Issue: "T-3", Account: "initech", Tier: 3, Service: "vpn", At: t0.Add(time.Hour)}},
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateErrors()); diff != "" {
		t.Errorf("OccurrencesOf (-want +got):\n%s", diff)
	}
}

func TestOccurrencesOfErrors(t *testing.T) {
	t0 := time.Date(2024, time.June, 3, 9, 0, 0, 0, time.UTC)
	good := occTicket("T-1", "acme", 1, "network", "vpn", t0)
	notOpened := occTicket("T-2", "acme", 1, "network", "vpn", t0)
	notOpened.Events = notOpened.Events[2:] // starts with the reopening
	empty := occTicket("T-3", "acme", 1, "network", "vpn", t0)
	empty.Events = nil
	boom := errors.New("boom")
	tickets := func(ts []sla.Ticket, errAt int) iter.Seq2[sla.Ticket, error] {
		return func(yield func(sla.Ticket, error) bool) {
			for i, tk := range ts {
				var err error
				if i == errAt {
					tk, err = sla.Ticket{}, boom
				}
				if !yield(tk, err) {
					return
				}
			}
		}
	}
	first := escalation.Occurrence{Issue: "T-1", Account: "acme", Tier: 1, Category: "network", Service: "vpn", At: t0}
	for _, tc := range []struct {
		name    string
		seq     iter.Seq2[sla.Ticket, error]
		n       int    // occurrences before the error
		wantID  string // the FieldError's ID, or "" for boom
		wantErr error
	}{
		{"not-opened", tickets([]sla.Ticket{good, notOpened, good}, -1), 1, "T-2", escalation.ErrInvalid},
		{"no-events", tickets([]sla.Ticket{good, empty, good}, -1), 1, "T-3", escalation.ErrInvalid},
		{"seq-error", tickets([]sla.Ticket{good, good, good}, 1), 1, "", boom},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := collectOccurrences(escalation.OccurrencesOf(tc.seq))
			if len(got) != tc.n+1 {
				t.Fatalf("got %d results, want %d occurrences and then the error: %v", len(got), tc.n, got)
			}
			for _, r := range got[:tc.n] {
				if r.Err != nil || r.O != first {
					t.Errorf("got %+v, want %+v", r, first)
				}
			}
			last := got[tc.n]
			if !errors.Is(last.Err, tc.wantErr) || last.O != (escalation.Occurrence{}) {
				t.Fatalf("last = %+v, want the zero occurrence and an error wrapping %v", last, tc.wantErr)
			}
			if tc.wantID != "" {
				var fe *account.FieldError
				if !errors.As(last.Err, &fe) || fe.Record != "Ticket" || fe.ID != tc.wantID || fe.Field != "Events[0]" {
					t.Errorf("error %v: want a FieldError of Ticket %q, field Events[0]", last.Err, tc.wantID)
				}
			}
		})
	}
	t.Run("stop", func(t *testing.T) {
		n := 0
		for range escalation.OccurrencesOf(tickets(slices.Repeat([]sla.Ticket{good}, 5), -1)) {
			n++
			if n == 2 {
				break
			}
		}
		if n != 2 {
			t.Errorf("read %d occurrences, want 2", n)
		}
	})
}
