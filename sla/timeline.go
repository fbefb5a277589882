package sla

import (
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
)

// A Timeline is the history of one ticket, as a list of events. Evaluation
// rebuilds every clock from it: there are no stored counters to drift.
//
// The zero Timeline is not valid: it has no Ticket and no events.
type Timeline struct {
	Ticket  string       // the ticket's ID; required
	Account account.ID   // the customer's account; required
	Tier    account.Tier // the account's tier when the ticket was opened

	// Category and Service classify the ticket, for grouping tickets
	// across accounts (escalation's early warning and repeat triggers):
	// the kind of problem ("billing", "outage") and the service it
	// concerns ("payroll", "email"). Both are optional, free text
	// compared exactly; evaluation does not read them.
	Category string
	Service  string

	// Events are the ticket's events in order of time. Events at the same
	// instant may be given in any order: they are taken in the canonical
	// order of their kinds (see [EventKind]), and events of the same kind
	// at the same instant in the order given. The first must be [EventOpened].
	Events []Event
}

// An Event is something that happened to a ticket.
//
// The zero Event is not valid: it has no Kind and no time.
type Event struct {
	// ID identifies the event in errors; optional.
	ID string

	// At is when it happened. Only the instant matters, not the location.
	At time.Time

	Kind EventKind // what happened

	// Priority is the priority an [EventOpened] or [EventPriorityChanged] event
	// sets. It is required on those kinds and must be zero on the others.
	Priority Priority

	// Status is the status an [EventStatusChanged] event sets. It is required on
	// that kind and must be zero on the others.
	Status Status
}

// Validate reports whether tl is a well-formed ticket history. It returns
// nil, an [*account.FieldError] (Record "Timeline", ID the ticket) for a
// missing Ticket or Account or an empty timeline, or an [*EventError]
// naming the event at fault; both wrap [ErrInvalid]. Validation stops at
// the first fault, so the error is one, however many events are bad. The fields and
// the order of the events are checked first, in the order given; then the
// ticket's states, in canonical order:
//   - [ErrUnknownKind]: a Kind that is not an [EventKind];
//   - [ErrEventField]: a zero At, or a Priority or Status missing, out of
//     range, or set on a kind that does not carry it;
//   - [ErrOutOfOrder]: an event earlier than the one given before it;
//   - [ErrBeforeOpen]: an event before the EventOpened event;
//   - [ErrAfterClose]: an event after the EventClosed event;
//   - [ErrTransition]: a second EventOpened; an EventReopened of a ticket
//     that is not solved; an EventSolved of a solved ticket; an
//     EventStatusChanged of a solved ticket.
func (tl Timeline) Validate() error {
	var buf [16]int32
	_, err := tl.order(buf[:0])
	return err
}

// rank is the canonical position of each kind among events at one instant.
func rank(k EventKind) uint8 { return uint8(k) }

// order validates tl and returns the indexes of its events in canonical
// order, appended to buf.
func (tl *Timeline) order(buf []int32) ([]int32, error) {
	if tl.Ticket == "" {
		return nil, tl.fieldError("Ticket", "is missing")
	}
	if tl.Account == "" {
		return nil, tl.fieldError("Account", "is missing")
	}
	evs := tl.Events
	if len(evs) == 0 {
		return nil, tl.fieldError("Events", "is empty: a timeline starts with an opened event")
	}
	ord := buf[:0]
	runStart := 0 // index in ord of the first event at the current instant
	for i := range evs {
		ev := &evs[i]
		if err := tl.checkFields(i); err != nil {
			return nil, err
		}
		if i > 0 {
			switch c := ev.At.Compare(evs[i-1].At); {
			case c < 0:
				return nil, tl.eventError(i, ErrOutOfOrder, "at "+stamp(ev.At)+" is before event "+itoa(i-1)+" at "+stamp(evs[i-1].At))
			case c > 0:
				runStart = len(ord)
			}
		}
		// Insert i into the run of events at this instant, after every
		// event of the same or an earlier kind: a stable insertion sort,
		// free when the events come in canonical order already.
		ord = append(ord, int32(i))
		r := rank(ev.Kind)
		for j := len(ord) - 1; j > runStart && rank(evs[ord[j-1]].Kind) > r; j-- {
			ord[j], ord[j-1] = ord[j-1], ord[j]
		}
	}
	return ord, tl.checkStates(ord)
}

// checkFields checks the fields of event i on their own.
func (tl *Timeline) checkFields(i int) error {
	ev := &tl.Events[i]
	if !eventKindNames.Valid(ev.Kind) {
		return tl.eventError(i, ErrUnknownKind, "kind "+itoa(int(ev.Kind))+" is not a known EventKind")
	}
	if ev.At.IsZero() {
		return tl.eventError(i, ErrEventField, "At is the zero time")
	}
	hasPriority := ev.Kind == EventOpened || ev.Kind == EventPriorityChanged
	switch {
	case hasPriority && ev.Priority == 0:
		return tl.eventError(i, ErrEventField, "Priority is missing")
	case hasPriority && !priorityNames.Valid(ev.Priority):
		return tl.eventError(i, ErrEventField, "Priority "+itoa(int(ev.Priority))+" is not a known Priority")
	case !hasPriority && ev.Priority != 0:
		return tl.eventError(i, ErrEventField, "Priority is set, but only opened and priority-changed events carry one")
	}
	hasStatus := ev.Kind == EventStatusChanged
	switch {
	case hasStatus && ev.Status == 0:
		return tl.eventError(i, ErrEventField, "Status is missing")
	case hasStatus && !statusNames.Valid(ev.Status):
		return tl.eventError(i, ErrEventField, "Status "+itoa(int(ev.Status))+" is not a known Status")
	case !hasStatus && ev.Status != 0:
		return tl.eventError(i, ErrEventField, "Status is set, but only status-changed events carry one")
	}
	return nil
}

// checkStates runs the ticket's state machine over the events in canonical
// order.
func (tl *Timeline) checkStates(ord []int32) error {
	evs := tl.Events
	opened, solved, closed := -1, false, -1
	for _, i32 := range ord {
		i := int(i32)
		ev := &evs[i]
		switch {
		case closed >= 0:
			return tl.eventError(i, ErrAfterClose, "the ticket was closed by event "+itoa(closed)+" at "+stamp(evs[closed].At))
		case opened < 0 && ev.Kind != EventOpened:
			reason := "no opened event precedes it"
			for j := range evs {
				if evs[j].Kind == EventOpened {
					reason = "the ticket was opened by event " + itoa(j) + " at " + stamp(evs[j].At)
					break
				}
			}
			return tl.eventError(i, ErrBeforeOpen, reason)
		}
		switch ev.Kind {
		case EventOpened:
			if opened >= 0 {
				return tl.eventError(i, ErrTransition, "the ticket was already opened by event "+itoa(opened))
			}
			opened = i
		case EventReopened:
			if !solved {
				reason := "the ticket is not solved, so it cannot be reopened"
				for j := range evs {
					if evs[j].Kind == EventSolved && evs[j].At.Equal(ev.At) {
						reason += " (event " + itoa(j) + " solves it at the same instant, but at one instant Reopened is taken before Solved: see the package documentation on same-instant ordering)"
						break
					}
				}
				return tl.eventError(i, ErrTransition, reason)
			}
			solved = false
		case EventStatusChanged:
			if solved {
				return tl.eventError(i, ErrTransition, "the ticket is solved: reopen it before changing its status")
			}
		case EventSolved:
			if solved {
				return tl.eventError(i, ErrTransition, "the ticket is already solved")
			}
			solved = true
		case EventClosed:
			closed = i
		}
	}
	return nil
}

// fieldError reports a field of tl itself (Record "Timeline", ID the
// ticket).
func (tl *Timeline) fieldError(field, reason string) error {
	return &account.FieldError{Record: "Timeline", ID: tl.Ticket, Field: field, Reason: reason, Err: ErrInvalid}
}

func (tl *Timeline) eventError(i int, err error, reason string) *EventError {
	ev := &tl.Events[i]
	return &EventError{Ticket: tl.Ticket, Index: i, ID: ev.ID, Kind: ev.Kind, Err: err, Reason: reason}
}

func stamp(t time.Time) string { return t.Format(time.RFC3339Nano) }

func itoa(i int) string { return strconv.Itoa(i) }
