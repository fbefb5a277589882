package review

import (
	"strconv"
	"strings"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// ErrCurrency reports money in another currency than the amount it is
// measured against: a transaction in USD counted against a budget or a
// target in NZD, or a portfolio in more than one currency. It wraps both
// [ErrInvalid] and [account.ErrCurrencyMismatch]; the package never
// converts, so convert first.
var ErrCurrency = fault.New("review: currency differs", ErrInvalid, account.ErrCurrencyMismatch)

// recordFaults collects the problems found while validating one record of
// the plans, reviews and budgets part of the package.
type recordFaults struct {
	record, id string
	list       fault.List
}

func (f *recordFaults) add(field string, value any, reason string) {
	f.addSentinel(field, value, reason, ErrInvalid)
}

// addSentinel adds a problem wrapping a specific sentinel of the package.
func (f *recordFaults) addSentinel(field string, value any, reason string, sentinel error) {
	f.list.Add(&account.FieldError{Record: f.record, ID: f.id, Field: field, Value: value, Reason: reason, Err: sentinel})
}

// ident checks that s, the value of field, is a valid ID by the rules of
// [account.ID.Validate]; required says whether it may be empty.
func (f *recordFaults) ident(field, s string, required bool) {
	if s == "" && !required {
		return
	}
	if err := account.ID(s).Validate(); err != nil {
		f.add(field, s, reasonOf(err))
	}
}

// text checks that s, the value of field, is present and has no
// surrounding space.
func (f *recordFaults) text(field, s string) {
	switch {
	case strings.TrimSpace(s) == "":
		f.add(field, s, "is missing")
	case strings.TrimSpace(s) != s:
		f.add(field, s, "has surrounding space")
	}
}

// texts checks every entry of a list of short texts.
func (f *recordFaults) texts(field string, list []string) {
	for i, s := range list {
		f.text(index(field, i), s)
	}
}

// date checks that d, the value of field, is a valid date (required says
// whether the zero Date is allowed).
func (f *recordFaults) date(field string, d interface {
	IsZero() bool
	IsValid() bool
}, required bool) {
	switch {
	case d.IsZero() && required:
		f.add(field, nil, "is missing")
	case !d.IsZero() && !d.IsValid():
		f.add(field, d, "is not a valid date")
	}
}

func (f *recordFaults) err() error { return f.list.Err() }

// reasonOf returns the reason of the field error in err, or its text.
func reasonOf(err error) string {
	if fe, ok := err.(*account.FieldError); ok {
		return fe.Reason
	}
	return err.Error()
}

// index returns field[i].
func index(field string, i int) string { return field + "[" + strconv.Itoa(i) + "]" }
