package sla_test

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/sla"
)

// decodeTimeline turns fuzz input into a timeline: four bytes per event,
// (kind, minutes after the previous event, priority, status), all taken as
// they come, so kinds, priorities and statuses may be unknown. A minutes
// byte of 255 goes back an hour, so events may be out of order.
func decodeTimeline(data []byte) sla.Timeline {
	tl := sla.Timeline{Ticket: "F", Account: "a"}
	at := time.Date(2024, 4, 5, 9, 0, 0, 0, time.UTC) // the Friday before DST ends in Auckland
	for i := 0; i+4 <= len(data); i += 4 {
		if data[i+1] == 255 {
			at = at.Add(-time.Hour)
		} else {
			at = at.Add(time.Duration(data[i+1]) * 7 * time.Minute)
		}
		tl.Events = append(tl.Events, sla.Event{
			ID:       "e" + strconv.Itoa(i/4),
			At:       at,
			Kind:     sla.EventKind(data[i]),
			Priority: sla.Priority(data[i+2]),
			Status:   sla.Status(data[i+3]),
		})
	}
	return tl
}

// FuzzTimeline checks that validation never panics, that every error names
// the event at fault (its index, ID and kind) and wraps ErrInvalid, that
// evaluation agrees with validation, and that a valid timeline always
// evaluates.
func FuzzTimeline(f *testing.F) {
	o, r, p, m, a, n, s, sv, c := byte(sla.EventOpened), byte(sla.EventReopened), byte(sla.EventPriorityChanged),
		byte(sla.EventCustomerMessage), byte(sla.EventAgentReply), byte(sla.EventInternalNote), byte(sla.EventStatusChanged),
		byte(sla.EventSolved), byte(sla.EventClosed)
	f.Add([]byte{o, 0, 2, 0, a, 10, 0, 0, sv, 10, 0, 0})
	f.Add([]byte{o, 0, 3, 0, s, 5, 0, 2, m, 200, 0, 0, s, 0, 0, 1, a, 3, 0, 0, p, 1, 1, 0, sv, 9, 0, 0, m, 1, 0, 0, r, 0, 0, 0, c, 40, 0, 0})
	f.Add([]byte{m, 0, 0, 0, o, 0, 4, 0})              // message before open at the same instant: fine
	f.Add([]byte{o, 0, 1, 0, c, 1, 0, 0, a, 1, 0, 0})  // reply after close
	f.Add([]byte{o, 0, 1, 0, a, 255, 0, 0})            // out of order
	f.Add([]byte{o, 0, 9, 0, 77, 1, 0, 0, n, 1, 1, 1}) // unknown priority, kind
	f.Add([]byte{o, 0, 1, 0, sv, 1, 0, 0, r, 0, 0, 0}) // reopen at the solve's instant
	f.Add([]byte{o, 0, 2, 0, s, 1, 0, 0, s, 1, 0, 3})  // missing and unknown status
	f.Add([]byte{})
	ev := newEvaluator(f, propPolicies(sla.PriorityChangeRetarget), fixtureCalendars(f))
	f.Fuzz(func(t *testing.T, data []byte) {
		tl := decodeTimeline(data)
		err := tl.Validate()
		if err == nil {
			now := tl.Events[len(tl.Events)-1].At.Add(time.Hour)
			if _, err := ev.Evaluate(tl, now); err != nil {
				t.Fatalf("valid timeline does not evaluate: %v", err)
			}
			return
		}
		if !errors.Is(err, sla.ErrInvalid) {
			t.Fatalf("%v does not wrap ErrInvalid", err)
		}
		var ee *sla.EventError
		if errors.As(err, &ee) {
			if ee.Index < 0 || ee.Index >= len(tl.Events) {
				t.Fatalf("%v: index %d out of range", err, ee.Index)
			}
			if e := tl.Events[ee.Index]; ee.ID != e.ID || ee.Kind != e.Kind || ee.Ticket != tl.Ticket {
				t.Fatalf("%v names %q %v, but event %d is %q %v", err, ee.ID, ee.Kind, ee.Index, e.ID, e.Kind)
			}
			known := false
			for _, s := range []error{sla.ErrUnknownKind, sla.ErrOutOfOrder, sla.ErrBeforeOpen, sla.ErrAfterClose, sla.ErrTransition, sla.ErrEventField} {
				known = known || errors.Is(err, s)
			}
			if !known || ee.Reason == "" {
				t.Fatalf("%v: no known cause or no reason", err)
			}
		} else if fe := (*account.FieldError)(nil); !errors.As(err, &fe) || len(tl.Events) != 0 {
			t.Fatalf("%v: neither an EventError nor the FieldError of an empty timeline", err)
		}
		// Evaluate reports the same fault.
		_, err2 := ev.Evaluate(tl, time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC))
		var ee2 *sla.EventError
		if (ee == nil) != !errors.As(err2, &ee2) || (ee != nil && *ee != *ee2) {
			t.Fatalf("Validate: %v; Evaluate: %v", err, err2)
		}
	})
}
