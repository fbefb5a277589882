package memstore_test

import (
	"errors"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/sla"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/store/storetest"
)

// TestTicketConformance runs the ticket store's conformance suite.
func TestTicketConformance(t *testing.T) {
	storetest.RunTickets(t, func(*testing.T) sla.TicketStore { return memstore.New() })
}

// decodeEvents turns fuzz input into events: four bytes per event (kind,
// minutes after the previous event, priority, status), taken as they
// come; a minutes byte of 255 goes back an hour.
func decodeEvents(data []byte) []sla.Event {
	var evs []sla.Event
	at := time.Date(2024, 4, 5, 9, 0, 0, 0, time.UTC)
	for i := 0; i+4 <= len(data); i += 4 {
		if data[i+1] == 255 {
			at = at.Add(-time.Hour)
		} else {
			at = at.Add(time.Duration(data[i+1]) * time.Minute)
		}
		evs = append(evs, sla.Event{ID: "e" + strconv.Itoa(i/4), At: at, Kind: sla.EventKind(data[i]),
			Priority: sla.Priority(data[i+2]), Status: sla.Status(data[i+3])})
	}
	return evs
}

// FuzzTicketAppend creates a ticket from the first events of the input
// (as many as its first byte says) and appends the rest in one batch. The
// store never panics, and accepts exactly what Validate accepts: a valid
// ticket is stored as given, and a rejected append wraps sla.ErrInvalid
// and leaves the stored ticket as it was.
func FuzzTicketAppend(f *testing.F) {
	o, a, sv, r, c := byte(sla.EventOpened), byte(sla.EventAgentReply), byte(sla.EventSolved), byte(sla.EventReopened), byte(sla.EventClosed)
	f.Add([]byte{1, o, 0, 2, 0, a, 10, 0, 0, sv, 10, 0, 0})
	f.Add([]byte{2, o, 0, 2, 0, sv, 10, 0, 0, r, 0, 0, 0})  // reopened at the solving instant
	f.Add([]byte{1, o, 0, 2, 0, a, 10, 0, 0, a, 255, 0, 0}) // out of order within the batch
	f.Add([]byte{2, o, 0, 2, 0, a, 10, 0, 0, a, 255, 0, 0}) // earlier than the last stored
	f.Add([]byte{2, o, 0, 2, 0, c, 1, 0, 0, a, 1, 0, 0})    // after the close
	f.Add([]byte{0, a, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		evs := decodeEvents(data[1:])
		k := min(int(data[0]), len(evs))
		ctx := t.Context()
		s := memstore.New()
		tl := sla.Timeline{Ticket: "F", Account: "a", Category: "c", Events: evs[:k:k]}
		created, err := s.CreateTicket(ctx, tl)
		if verr := tl.Validate(); (err == nil) != (verr == nil) || err != nil && !errors.Is(err, sla.ErrInvalid) {
			t.Fatalf("create: error %v, Validate says %v", err, verr)
		}
		if err != nil {
			return
		}
		all := sla.Timeline{Ticket: "F", Account: "a", Category: "c", Events: evs}
		appended, err := s.AppendTicketEvents(ctx, "F", 1, evs[k:]...)
		verr := all.Validate()
		if (err == nil) != (verr == nil) {
			t.Fatalf("append: error %v, Validate of the whole says %v", err, verr)
		}
		stored, rerr := s.Ticket(ctx, "F")
		if rerr != nil {
			t.Fatal(rerr)
		}
		want := created
		switch {
		case err != nil:
			var ee *sla.EventError
			var fe *account.FieldError
			if !errors.Is(err, sla.ErrInvalid) || !errors.As(err, &ee) && !errors.As(err, &fe) {
				t.Fatalf("append: error %v wraps no ErrInvalid with an EventError or FieldError", err)
			}
		case len(evs) > k:
			want = sla.Ticket{Timeline: all, Version: 2}
			if !reflect.DeepEqual(appended, want) {
				t.Fatalf("appended %+v, want %+v", appended, want)
			}
		}
		if !reflect.DeepEqual(stored, want) {
			t.Fatalf("stored %+v, want %+v", stored, want)
		}
	})
}
