package sla

import (
	"errors"
	"strconv"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// Sentinel errors. Test for them with [errors.Is]; the errors the package
// returns wrap them with the field, ticket or event at fault. Every error
// for input the package cannot use wraps [ErrInvalid], the specific
// sentinels included.
var (
	// ErrInvalid reports input the package cannot use: a policy, a set of
	// calendars, a timeline, a period, an argument. Every
	// [*account.FieldError] and [*EventError] the package returns wraps it.
	ErrInvalid = errors.New("sla: invalid input")

	// ErrUnknownKind reports an event whose Kind is not one of the
	// [EventKind] constants. It wraps [ErrInvalid].
	ErrUnknownKind = fault.New("sla: unknown event kind", ErrInvalid)

	// ErrOutOfOrder reports an event earlier than the event given before
	// it. Events must be given in order of time; events at the same
	// instant may come in any order. It wraps [ErrInvalid].
	ErrOutOfOrder = fault.New("sla: event out of order", ErrInvalid)

	// ErrBeforeOpen reports an event that comes before the ticket's
	// [EventOpened] event (or a timeline with no such event at all). It
	// wraps [ErrInvalid].
	ErrBeforeOpen = fault.New("sla: event before the ticket was opened", ErrInvalid)

	// ErrAfterClose reports an event after the ticket's [EventClosed]
	// event. It wraps [ErrInvalid].
	ErrAfterClose = fault.New("sla: event after the ticket was closed", ErrInvalid)

	// ErrTransition reports an event that the ticket's state does not
	// allow: a second [EventOpened], an [EventReopened] of a ticket that is
	// not solved, an [EventStatusChanged] of one that is, an [EventSolved]
	// of a solved ticket. It wraps [ErrInvalid].
	ErrTransition = fault.New("sla: event not allowed in the ticket's state", ErrInvalid)

	// ErrEventField reports an event with a field that is missing, out of
	// range or set on a kind of event that does not carry it. It wraps
	// [ErrInvalid].
	ErrEventField = fault.New("sla: event field not valid", ErrInvalid)

	// ErrDuplicateTicket reports two results for the same ticket given to
	// [Compliance]. It wraps [ErrInvalid].
	ErrDuplicateTicket = fault.New("sla: ticket given twice", ErrInvalid)
)

// An EventError reports one event of a timeline that is not valid, naming
// it by its position, its ID and its kind: the structure a field error
// cannot carry. It wraps Err, which is one of [ErrUnknownKind],
// [ErrOutOfOrder], [ErrBeforeOpen], [ErrAfterClose], [ErrTransition] and
// [ErrEventField], each of which wraps [ErrInvalid].
//
// The zero EventError names no event and wraps nothing; the package always
// sets every field but ID, which an event need not have.
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
//	sla: ticket "T-7": event 3 (ID "m-2", customer-message): no opened event precedes it
//
// The ticket and the ID are quoted to at most 64 bytes (with their length
// when they are longer), so the text stays short whatever the input.
func (e *EventError) Error() string {
	s := "sla: ticket " + fault.Quote(e.Ticket) + ": event " + strconv.Itoa(e.Index) + " ("
	if e.ID != "" {
		s += "ID " + fault.Quote(e.ID) + ", "
	}
	return s + e.Kind.String() + "): " + e.Reason
}

// Unwrap returns Err and [ErrInvalid].
func (e *EventError) Unwrap() []error { return []error{e.Err, ErrInvalid} }

// fieldErrors collects the problems found while validating one value, up
// to the cap of a [fault.List].
type fieldErrors struct{ fault.List }

// add records a fault of the field of the record id (of the kind record),
// wrapping ErrInvalid.
func (f *fieldErrors) add(record, id, field string, value any, reason string) {
	f.Add(&account.FieldError{Record: record, ID: id, Field: field, Value: value, Reason: reason, Err: ErrInvalid})
}
