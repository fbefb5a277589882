package growth

import (
	"errors"
	"strconv"
	"unicode/utf8"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// check collects the problems found while validating one record of the
// package (an offering, a holding, an estimate, options) as field errors
// wrapping ErrInvalid, or the more specific sentinel addAs names.
type check struct {
	record, id string
	errs       fault.List
}

func (f *check) add(field string, value any, reason string) {
	f.addAs(ErrInvalid, field, value, reason)
}

func (f *check) addAs(sentinel error, field string, value any, reason string) {
	f.errs.Add(&account.FieldError{Record: f.record, ID: f.id, Field: field, Value: value, Reason: reason, Err: sentinel})
}

// needID adds a problem if s is not a valid ID by the rules of
// account.ID.
func (f *check) needID(field, s string) {
	if r := idReason(s); r != "" {
		f.add(field, s, r)
	}
}

// optLabel adds a problem if s is set and is not a valid ID.
func (f *check) optLabel(field, s string) {
	if s != "" {
		f.needID(field, s)
	}
}

func (f *check) err() error { return f.errs.Err() }

// idReason returns why s is not a valid ID by the rules of [account.ID],
// or "" if it is.
func idReason(s string) string {
	err := account.ID(s).Validate()
	if err == nil {
		return "" // before fe, which escapes: a valid ID allocates nothing
	}
	var fe *account.FieldError
	if errors.As(err, &fe) {
		return fe.Reason
	}
	return ""
}

func itoa(i int) string { return strconv.Itoa(i) }

func utf8Valid(s string) bool { return utf8.ValidString(s) }
