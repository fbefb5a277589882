package review

import (
	"errors"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
	"github.com/keyaccount/keyaccount/tiering"
)

// Sentinels of cadences and schedules; each wraps [ErrInvalid].
var (
	// ErrDuplicateAccount reports an account listed twice, to
	// [CadenceRule.Cadences] or in a [ScheduleRequest].
	ErrDuplicateAccount = fault.New("review: duplicate account", ErrInvalid)

	// ErrUnknownMeeting reports a meeting ID that is not in the schedule.
	ErrUnknownMeeting = fault.New("review: unknown meeting", ErrInvalid)
)

// errMixedValues reports account values in more than one currency. It
// matches both [ErrInvalid] and [account.ErrCurrencyMismatch].
var errMixedValues = fault.New("review: values in more than one currency", ErrInvalid, account.ErrCurrencyMismatch)

// schedFaults collects the problems of a cadence rule or schedule
// request, each an [*account.FieldError] wrapping [ErrInvalid], at most
// [fault.MaxErrors] of them.
type schedFaults struct{ list fault.List }

func (f *schedFaults) add(record, id, field string, value any, reason string) {
	f.list.Add(&account.FieldError{Record: record, ID: id, Field: field, Value: value, Reason: reason, Err: ErrInvalid})
}

// cadence adds the problems of c (negative or too long) at field.
func (f *schedFaults) cadence(record, id, field string, c tiering.Cadence) {
	var fe *account.FieldError
	if err := c.Validate(); errors.As(err, &fe) {
		f.add(record, id, field+"."+fe.Field, fe.Value, fe.Reason)
	}
}

func (f *schedFaults) err() error { return f.list.Err() }

// accountFault returns the field error about account id's field, wrapping
// sentinel.
func accountFault(id account.ID, field string, value any, reason string, sentinel error) *account.FieldError {
	return &account.FieldError{Record: "Account", ID: string(id), Field: field, Value: value, Reason: reason, Err: sentinel}
}
