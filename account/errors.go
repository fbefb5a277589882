package account

import (
	"errors"
	"fmt"
	"strconv"
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

// A FieldError describes one field of one record that failed validation or
// parsing. It wraps [ErrInvalid], so both
//
//	errors.Is(err, account.ErrInvalid)
//
// and
//
//	var fe *account.FieldError
//	errors.As(err, &fe)
//
// work on any error that contains it, including the joined errors Validate
// methods return.
type FieldError struct {
	Record string // the kind of record: "Account", "Money", "Contact", ...
	ID     string // the record's ID, if it has one and it is known
	Field  string // the field at fault, e.g. "Influence" or "Attributes[sites]"
	Value  any    // the offending value
	Reason string // what is wrong, e.g. "must be from 1 to 5"
}

// Error returns a one-line description such as
//
//	account: Contact "c-17": Influence 7: must be from 1 to 5
func (e *FieldError) Error() string {
	s := "account: " + e.Record
	if e.ID != "" {
		s += " " + strconv.Quote(e.ID)
	}
	s += ": " + e.Field
	if e.Value != nil {
		s += " " + fmt.Sprintf("%#v", e.Value)
	}
	return s + ": " + e.Reason
}

// Unwrap returns [ErrInvalid].
func (e *FieldError) Unwrap() error { return ErrInvalid }

// fieldErrors collects the problems found while validating one record.
type fieldErrors struct {
	record, id string
	errs       []error
}

func (f *fieldErrors) add(field string, value any, reason string) {
	f.errs = append(f.errs, &FieldError{Record: f.record, ID: f.id, Field: field, Value: value, Reason: reason})
}

// addErr records an error from validating a nested value (such as a Money),
// re-labelled to the field of this record that holds it.
func (f *fieldErrors) addErr(field string, err error) {
	var fe *FieldError
	if errors.As(err, &fe) {
		f.add(field, fe.Value, fe.Reason)
		return
	}
	f.errs = append(f.errs, fmt.Errorf("account: %s %q: %s: %w", f.record, f.id, field, err))
}

func (f *fieldErrors) err() error { return errors.Join(f.errs...) }
