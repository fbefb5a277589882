package sla

import (
	"errors"
	"fmt"
	"strconv"
)

// Sentinel errors. Test for them with [errors.Is]; the errors the package
// returns wrap them with the field, ticket or event at fault.
var (
	// ErrInvalid reports input the package cannot use: a policy, a set of
	// calendars, a timeline, a period. Every [*FieldError] and
	// [*EventError] wraps it.
	ErrInvalid = errors.New("sla: invalid input")

	// ErrUnknownKind reports an event whose Kind is not one of the
	// [EventKind] constants.
	ErrUnknownKind = errors.New("sla: unknown event kind")

	// ErrOutOfOrder reports an event earlier than the event given before
	// it. Events must be given in order of time; events at the same
	// instant may come in any order.
	ErrOutOfOrder = errors.New("sla: event out of order")

	// ErrBeforeOpen reports an event that comes before the ticket's
	// [EventOpened] event (or a timeline with no such event at all).
	ErrBeforeOpen = errors.New("sla: event before the ticket was opened")

	// ErrAfterClose reports an event after the ticket's [EventClosed] event.
	ErrAfterClose = errors.New("sla: event after the ticket was closed")

	// ErrTransition reports an event that the ticket's state does not
	// allow: a second [EventOpened], an [EventReopened] of a ticket that is
	// not solved, an [EventStatusChanged] of one that is, an [EventSolved]
	// of a solved ticket.
	ErrTransition = errors.New("sla: event not allowed in the ticket's state")

	// ErrEventField reports an event with a field that is missing, out of
	// range or set on a kind of event that does not carry it.
	ErrEventField = errors.New("sla: event field not valid")

	// ErrDuplicateTicket reports two results for the same ticket given to
	// [Compliance].
	ErrDuplicateTicket = errors.New("sla: ticket given twice")
)

// A FieldError reports a field of a policy, a set of calendars, a timeline
// or an argument that is not valid. It wraps [ErrInvalid].
type FieldError struct {
	// Field is the path of the value at fault, such as
	// "Policies[1].Targets[0].Within", "Calendars.Default" or "now".
	Field  string
	Value  any    // the offending value, if any
	Reason string // what is wrong with it
}

// Error returns a description such as
//
//	sla: Policies[1].Targets[0].Within 0s: must be positive
func (e *FieldError) Error() string {
	s := "sla: " + e.Field
	if e.Value != nil {
		if str, ok := e.Value.(string); ok {
			s += " " + strconv.Quote(str)
		} else {
			s += " " + fmt.Sprint(e.Value)
		}
	}
	return s + ": " + e.Reason
}

// Unwrap returns [ErrInvalid].
func (e *FieldError) Unwrap() error { return ErrInvalid }

// An EventError reports one event of a timeline that is not valid, naming
// it by its position, its ID and its kind. It wraps [ErrInvalid] and Err,
// which is one of [ErrUnknownKind], [ErrOutOfOrder], [ErrBeforeOpen],
// [ErrAfterClose], [ErrTransition] and [ErrEventField].
type EventError struct {
	Ticket string    // the timeline's Ticket
	Index  int       // the event's position in Timeline.Events
	ID     string    // the event's ID, if it has one
	Kind   EventKind // the event's kind, as given (possibly unknown)
	Err    error     // the sentinel that classifies the fault
	Reason string    // what is wrong, in detail
}

// Error returns a description such as
//
//	sla: ticket "T-7": event 3 (ID "m-2", customer-message): before the ticket was opened at 2024-06-03T09:00:00+12:00
func (e *EventError) Error() string {
	s := "sla: ticket " + strconv.Quote(e.Ticket) + ": event " + strconv.Itoa(e.Index) + " ("
	if e.ID != "" {
		s += "ID " + strconv.Quote(e.ID) + ", "
	}
	return s + e.Kind.String() + "): " + e.Reason
}

// Unwrap returns Err and [ErrInvalid].
func (e *EventError) Unwrap() []error { return []error{e.Err, ErrInvalid} }

// fieldErrors collects the problems found while validating one value.
type fieldErrors []error

func (f *fieldErrors) add(field string, value any, reason string) {
	*f = append(*f, &FieldError{Field: field, Value: value, Reason: reason})
}

func (f fieldErrors) err() error { return errors.Join(f...) }
