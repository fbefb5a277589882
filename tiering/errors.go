package tiering

import (
	"errors"
	"strings"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// Sentinel errors. Every error the package returns for input it cannot use
// wraps [ErrInvalid]; the more specific sentinels below wrap it too, so
// test for a kind of problem with [errors.Is], and get the record, field and
// value at fault with [errors.As] and an [*account.FieldError].
var (
	// ErrInvalid reports input that is not valid: a scorecard, policy or
	// service model that fails its Validate method (a negative weight,
	// bands with a gap, shares above one, ...), a missing instant, an
	// account without an ID, an override without a reason, ... Every
	// sentinel below wraps it.
	ErrInvalid = errors.New("tiering: invalid input")

	// ErrDuplicateAccount reports two accounts with the same ID.
	ErrDuplicateAccount = fault.New("tiering: duplicate account", ErrInvalid)

	// ErrUnknownAttribute reports a measure whose attribute no account of
	// its scorecard has: most likely a misspelt name.
	ErrUnknownAttribute = fault.New("tiering: unknown attribute", ErrInvalid)

	// ErrMissingValue reports an account without a value for a measure
	// whose missing-value policy is [MissingFail], or a measure whose
	// median is wanted but no account has a value.
	ErrMissingValue = fault.New("tiering: missing value", ErrInvalid)

	// ErrBadValue reports a raw value that cannot be scored: NaN or
	// infinite, negative under log scaling, or outside every band.
	ErrBadValue = fault.New("tiering: bad value", ErrInvalid)

	// ErrNoScorecard reports an account that no scorecard selects.
	ErrNoScorecard = fault.New("tiering: no scorecard for account", ErrInvalid)

	// ErrUnknownAccount reports an override or other input that names an
	// account that is not in the portfolio.
	ErrUnknownAccount = fault.New("tiering: unknown account", ErrInvalid)
)

// errMixedCurrency reports values of a run in more than one currency. It
// matches both [ErrInvalid] and [account.ErrCurrencyMismatch].
var errMixedCurrency = fault.New("tiering: values in more than one currency", ErrInvalid, account.ErrCurrencyMismatch)

// A where locates a part of the input in an error: the kind of record, its
// ID or name, and the path to the part within the record.
type where struct{ record, id, path string }

// at returns w narrowed to field, a field name ("Weight") or an index
// ("[2]").
func (w where) at(field string) where {
	w.path = joinPath(w.path, field)
	return w
}

// err returns the field error for field of w (which may be ""), wrapping
// sentinel.
func (w where) err(field string, value any, reason string, sentinel error) *account.FieldError {
	return &account.FieldError{Record: w.record, ID: w.id, Field: joinPath(w.path, field), Value: value, Reason: reason, Err: sentinel}
}

func joinPath(path, field string) string {
	switch {
	case path == "":
		return field
	case field == "":
		return path
	case strings.HasPrefix(field, "["):
		return path + field
	}
	return path + "." + field
}

// fieldErrors collects the problems found in one validation, each wrapping
// [ErrInvalid]; it keeps the first [fault.MaxErrors] and counts the rest.
type fieldErrors struct{ list fault.List }

func (f *fieldErrors) add(w where, field string, value any, reason string) {
	f.list.Add(w.err(field, value, reason, ErrInvalid))
}

func (f *fieldErrors) err() error { return f.list.Err() }

// firstError keeps, of the errors about accounts it is offered, the one
// with the smallest account ID (its ID field), then the earliest measure,
// so that the error a function returns does not depend on the order of its
// input.
type firstError struct {
	err     *account.FieldError
	measure int
}

func (f *firstError) offer(e *account.FieldError, measure int) {
	if f.err == nil || e.ID < f.err.ID || (e.ID == f.err.ID && measure < f.measure) {
		f.err, f.measure = e, measure
	}
}

func (f *firstError) merge(g firstError) {
	if g.err != nil {
		f.offer(g.err, g.measure)
	}
}

// get returns the error kept, or nil; unlike f.err, a nil get is a nil
// error.
func (f *firstError) get() error {
	if f.err == nil {
		return nil
	}
	return f.err
}

// accountErr returns the field error about account id's field, wrapping
// sentinel.
func accountErr(id account.ID, field string, value any, reason string, sentinel error) *account.FieldError {
	return &account.FieldError{Record: "Account", ID: string(id), Field: field, Value: value, Reason: reason, Err: sentinel}
}
