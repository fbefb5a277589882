package account

import (
	"errors"
	"fmt"

	"github.com/keyaccount/keyaccount/internal/fault"
)

// Sentinel errors. Callers test for them with [errors.Is]; the errors the
// package and its stores return wrap them with the record or value at fault.
var (
	// ErrNotFound reports that a record does not exist.
	ErrNotFound = errors.New("account: not found")

	// ErrConflict reports a write that conflicts with stored state: an update
	// or delete carrying a stale version, or a create whose ID is taken.
	ErrConflict = errors.New("account: conflict")

	// ErrInvalid reports input that fails validation. Errors that wrap it
	// usually also carry a [*FieldError] naming the field and value at fault.
	ErrInvalid = errors.New("account: invalid input")

	// ErrCurrencyMismatch reports arithmetic or a comparison between amounts
	// in different currencies. Convert first; the package never converts.
	ErrCurrencyMismatch = errors.New("account: currency mismatch")
)

// A FieldError reports one field of one record that is not valid: the
// record, its ID, the field, the value at fault and the reason. It is the
// module's one field-error type: every package of keyaccount reports a bad
// field as a *FieldError (calendar.FieldError is the same type), so one
// errors.As target catches them all:
//
//	var fe *account.FieldError
//	if errors.As(err, &fe) {
//		fmt.Println(fe.Record, fe.ID, fe.Field, fe.Value, fe.Reason)
//	}
//
// Its fields are:
//
//	Record string // the kind of record: "Account", "Money", "Policy", "Options", ...
//	ID     string // the record's ID or name, or "" if it has none or it is not known
//	Field  string // the field at fault, such as "Influence" or "Attributes[sites]"
//	Value  any    // the offending value, or nil
//	Reason string // what is wrong, such as "must be from 1 to 5"
//	Err    error  // the sentinel wrapped: the reporting package's ErrInvalid, or a
//	              // more specific sentinel of that package that wraps its ErrInvalid
//
// Error returns one line, the sentinel first, such as
//
//	account: invalid input: Contact "c-17": Influence 7: must be from 1 to 5
//
// A value is quoted to at most 64 bytes, with its length when it is longer,
// so an error stays short whatever the input; and a validation that finds
// many problems joins at most 100 of them, then says how many more there
// were. Unwrap returns Err, so both errors.Is(err, account.ErrInvalid) and
// errors.As work on any error that contains a FieldError, including the
// joined errors Validate methods return.
type FieldError = fault.FieldError

// fieldErrors collects the problems found while validating one record.
type fieldErrors struct {
	record, id string
	errs       fault.List
}

func (f *fieldErrors) add(field string, value any, reason string) {
	f.errs.Add(&FieldError{Record: f.record, ID: f.id, Field: field, Value: value, Reason: reason, Err: ErrInvalid})
}

// addErr records an error from validating a nested value (such as a Money),
// re-labelled to the field of this record that holds it.
func (f *fieldErrors) addErr(field string, err error) {
	var fe *FieldError
	if errors.As(err, &fe) {
		f.add(field, fe.Value, fe.Reason)
		return
	}
	f.errs.Add(fmt.Errorf("account: %s %s: %s: %w", f.record, fault.Quote(f.id), field, err))
}

func (f *fieldErrors) err() error { return f.errs.Err() }
