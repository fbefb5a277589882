package storetest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/sla"
	"pgregory.net/rapid"
)

// The ticket model test runs random creates, appends, reads and filtered
// lists against a store and against a map, and checks each step. IDs come
// from a small pool so that creates collide; versions are drawn current,
// stale or ahead; events are drawn of every kind at times near the last
// stored one, so that some batches are out of order or refused by the
// state machine. The model decides validity with sla.Timeline.Validate.

func testTicketModel(t *testing.T, newStore func(*testing.T) sla.TicketStore) {
	rapid.Check(t, func(rt *rapid.T) { runTicketModel(rt, t.Context(), newStore(t)) })
}

var (
	ticketPool      = rapid.SampledFrom([]string{"T0", "T1", "T2", "T3", "T4", "T5"})
	anyCategory     = rapid.SampledFrom([]string{"", "billing", "outage"})
	anyService      = rapid.SampledFrom([]string{"", "email", "payroll"})
	anyTicketTier   = rapid.Custom(func(t *rapid.T) account.Tier { return account.Tier(rapid.IntRange(0, 3).Draw(t, "tier")) })
	anyTicketHour   = rapid.IntRange(0, 8)
	anyTicketAcount = rapid.SampledFrom(accountIDs[:3])
)

// drawTicketTime returns an instant on an hour, or a microsecond either
// side of it, sometimes in another zone.
func drawTicketTime(t *rapid.T, label string, hour int) time.Time {
	at := hours(hour).Add(time.Duration(rapid.IntRange(-1, 1).Draw(t, label+" tick")) * time.Microsecond)
	if rapid.Bool().Draw(t, label+" in NZ") {
		at = at.In(nzTime)
	}
	return at
}

// drawEvent returns an event of any kind at about the hour given, with the
// fields its kind carries (and, rarely, a field it must not carry).
func drawEvent(t *rapid.T, hour int) sla.Event {
	ev := sla.Event{
		ID:   rapid.SampledFrom([]string{"", "e1", "e2"}).Draw(t, "event ID"),
		At:   drawTicketTime(t, "event", hour),
		Kind: sla.EventKind(rapid.IntRange(1, 9).Draw(t, "kind")),
	}
	switch ev.Kind {
	case sla.EventOpened, sla.EventPriorityChanged:
		ev.Priority = sla.Priority(rapid.IntRange(1, 4).Draw(t, "priority"))
	case sla.EventStatusChanged:
		ev.Status = sla.Status(rapid.IntRange(1, 2).Draw(t, "status"))
	}
	if rapid.IntRange(0, 19).Draw(t, "valid fields unless 0") == 0 {
		ev.Status = 7
	}
	return ev
}

// drawEvents returns up to max events, each at an hour from one before the
// previous to two after it.
func drawEvents(t *rapid.T, hour, max int) []sla.Event {
	n := rapid.IntRange(0, max).Draw(t, "events")
	evs := make([]sla.Event, n)
	for i := range evs {
		hour += rapid.IntRange(-1, 2).Draw(t, "hours later")
		evs[i] = drawEvent(t, hour)
	}
	return evs
}

func drawTimeline(t *rapid.T, id string) sla.Timeline {
	tl := sla.Timeline{
		Ticket:   id,
		Account:  anyTicketAcount.Draw(t, "account"),
		Tier:     anyTicketTier.Draw(t, "tier"),
		Category: anyCategory.Draw(t, "category"),
		Service:  anyService.Draw(t, "service"),
	}
	open := anyTicketHour.Draw(t, "opened")
	if rapid.IntRange(0, 9).Draw(t, "opened first unless 0") != 0 {
		tl.Events = append(tl.Events, sla.Event{At: drawTicketTime(t, "opened", open), Kind: sla.EventOpened, Priority: sla.PriorityNormal})
	}
	tl.Events = append(tl.Events, drawEvents(t, open, 3)...)
	return tl
}

func drawTicketFilter(t *rapid.T) sla.TicketFilter {
	f := sla.TicketFilter{
		Account:  anyAccount.Draw(t, "filter account"),
		Category: anyCategory.Draw(t, "filter category"),
		Service:  anyService.Draw(t, "filter service"),
	}
	for _, tier := range rapid.SliceOfNDistinct(rapid.IntRange(0, 4), 0, 2, rapid.ID).Draw(t, "filter tiers") {
		f.Tiers = append(f.Tiers, account.Tier(tier))
	}
	at := func(label string) time.Time {
		if !rapid.Bool().Draw(t, "has "+label) {
			return time.Time{}
		}
		return drawTicketTime(t, label, anyTicketHour.Draw(t, label+" hour"))
	}
	f.From, f.To, f.UnsolvedAt, f.ActiveFrom = at("From"), at("To"), at("UnsolvedAt"), at("ActiveFrom")
	return f
}

// sentinelOf returns the sla sentinel an invalid timeline's error carries:
// the EventError's, or ErrInvalid for a field error.
func sentinelOf(err error) error {
	var ee *sla.EventError
	if errors.As(err, &ee) {
		return ee.Err
	}
	return sla.ErrInvalid
}

func runTicketModel(t *rapid.T, ctx context.Context, s sla.TicketStore) {
	model := map[string]sla.Ticket{}
	sorted := func(f sla.TicketFilter) []sla.Ticket {
		var out []sla.Ticket
		for _, tk := range model {
			if f.Match(tk.Timeline) {
				out = append(out, tk)
			}
		}
		slices.SortFunc(out, func(a, b sla.Ticket) int {
			return cmp.Or(a.Events[0].At.Compare(b.Events[0].At), cmp.Compare(a.Ticket, b.Ticket))
		})
		return out
	}
	t.Repeat(map[string]func(*rapid.T){
		"create": func(t *rapid.T) {
			tl := drawTimeline(t, ticketPool.Draw(t, "id"))
			got, err := s.CreateTicket(ctx, tl)
			_, taken := model[tl.Ticket]
			invalid := tl.Validate()
			switch {
			case invalid != nil && taken:
				if !errors.Is(err, sla.ErrInvalid) && !errors.Is(err, account.ErrConflict) {
					t.Errorf("create of an invalid ticket with a taken ID: error = %v, want one wrapping %q or %q", err, sla.ErrInvalid, account.ErrConflict)
				}
			case invalid != nil:
				wantErr(t, "create of an invalid ticket", err, sentinelOf(invalid))
			case taken:
				wantErr(t, "create of a taken ID", err, account.ErrConflict)
			default:
				wantNoErr(t, "create", err)
				want := sla.Ticket{Timeline: tl, Version: 1}
				diff(t, "created", got, want)
				model[tl.Ticket] = want
			}
		},
		"append": func(t *rapid.T) {
			id := ticketPool.Draw(t, "id")
			cur, exists := model[id]
			version := cur.Version + int64(rapid.IntRange(-1, 1).Draw(t, "version offset"))
			last := anyTicketHour.Draw(t, "last hour")
			if exists {
				last = int(cur.Events[len(cur.Events)-1].At.Sub(epoch) / time.Hour)
			}
			evs := drawEvents(t, last, 3)
			got, err := s.AppendTicketEvents(ctx, id, version, evs...)
			next := cur
			next.Events = append(slices.Clone(cur.Events), evs...)
			invalid := next.Validate()
			stale := version != cur.Version
			switch {
			case !exists:
				wantErr(t, "append to a missing ticket", err, account.ErrNotFound)
			case stale && len(evs) > 0 && invalid != nil:
				if !errors.Is(err, sla.ErrInvalid) && !errors.Is(err, account.ErrConflict) {
					t.Errorf("append of an invalid batch with a stale version: error = %v, want one wrapping %q or %q", err, sla.ErrInvalid, account.ErrConflict)
				}
			case stale:
				wantErr(t, fmt.Sprintf("append with version %d of %d", version, cur.Version), err, account.ErrConflict)
			case len(evs) == 0:
				wantNoErr(t, "append nothing", err)
				diff(t, "after appending nothing", got, cur)
			case invalid != nil:
				wantErr(t, "append of an invalid batch", err, sentinelOf(invalid))
			default:
				wantNoErr(t, "append", err)
				next.Version++
				diff(t, "appended", got, next)
				model[id] = next
			}
		},
		"get": func(t *rapid.T) {
			id := ticketPool.Draw(t, "id")
			got, err := s.Ticket(ctx, id)
			if want, exists := model[id]; exists {
				wantNoErr(t, "read", err)
				diff(t, "read", got, want)
			} else {
				wantErr(t, "read of a missing ticket", err, account.ErrNotFound)
			}
		},
		"list": func(t *rapid.T) {
			f := drawTicketFilter(t)
			diff(t, fmt.Sprintf("list with filter %+v", f), collect(t, "list", s.Tickets(ctx, f)), sorted(f))
		},
		"": func(t *rapid.T) {
			diff(t, "everything listed", collect(t, "list", s.Tickets(ctx, sla.TicketFilter{})), sorted(sla.TicketFilter{}))
		},
	})
}
