package engagement

import (
	"errors"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// Sentinel errors. Test for them with [errors.Is]; the errors the package
// returns wrap them with the field or record at fault. Every error for
// input the package cannot use wraps [ErrInvalid], the specific sentinels
// included.
var (
	// ErrInvalid reports input the package cannot use: a survey response,
	// a change, a feedback item, an option. Every [*account.FieldError]
	// the package returns wraps it.
	ErrInvalid = errors.New("engagement: invalid input")

	// ErrUnknownAccount reports a response whose account is not in the
	// portfolio given to [Satisfaction]: without the account, its tier,
	// segment, audience and value are not known. It wraps [ErrInvalid].
	ErrUnknownAccount = fault.New("engagement: unknown account", ErrInvalid)
)

// idReason returns why s is not a valid ID by the rules of [account.ID],
// or "" if it is.
func idReason(s string) string {
	err := account.ID(s).Validate()
	if err == nil {
		return ""
	}
	if fe, ok := err.(*account.FieldError); ok {
		return fe.Reason
	}
	return err.Error() // not reached: account's ID errors are FieldErrors
}

// recordCheck collects the problems found while validating one record of
// the package (a response, a change, a feedback item, options) as
// FieldErrors wrapping ErrInvalid.
type recordCheck struct {
	record, id string
	errs       fault.List
}

func (f *recordCheck) add(field string, value any, reason string) {
	f.errs.Add(&account.FieldError{Record: f.record, ID: f.id, Field: field, Value: value, Reason: reason, Err: ErrInvalid})
}

func (f *recordCheck) err() error { return f.errs.Err() }

// checkID adds a problem if s is not a valid ID, and reports whether it
// added one.
func (f *recordCheck) checkID(field, s string) bool {
	if reason := idReason(s); reason != "" {
		f.add(field, s, reason)
		return true
	}
	return false
}
