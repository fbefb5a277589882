package review

import (
	"errors"
	"strconv"
	"strings"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
	"github.com/keyaccount/keyaccount/tiering"
)

// faults collects the problems found while validating input, each an
// [*account.FieldError], at most [fault.MaxErrors] of them. add and
// addSentinel report fields of one record, named by record and id;
// addFor reports a field of any record, as a request's validation does
// for the subjects in it.
type faults struct {
	record, id string
	list       fault.List
}

func (f *faults) add(field string, value any, reason string) {
	f.addSentinel(field, value, reason, ErrInvalid)
}

// addSentinel adds a problem wrapping a specific sentinel of the package.
func (f *faults) addSentinel(field string, value any, reason string, sentinel error) {
	f.list.Add(&account.FieldError{Record: f.record, ID: f.id, Field: field, Value: value, Reason: reason, Err: sentinel})
}

// addFor adds a problem of record id's field, wrapping [ErrInvalid].
func (f *faults) addFor(record, id, field string, value any, reason string) {
	f.list.Add(&account.FieldError{Record: record, ID: id, Field: field, Value: value, Reason: reason, Err: ErrInvalid})
}

// cadence adds the problems of c (negative or too long) at record id's
// field.
func (f *faults) cadence(record, id, field string, c tiering.Cadence) {
	var fe *account.FieldError
	if err := c.Validate(); errors.As(err, &fe) {
		f.addFor(record, id, field+"."+fe.Field, fe.Value, fe.Reason)
	}
}

// ident checks that s, the value of field, is a valid ID by the rules of
// [account.ID.Validate] (which include that it is present).
func (f *faults) ident(field, s string) {
	if err := account.ID(s).Validate(); err != nil {
		f.add(field, s, reasonOf(err))
	}
}

// text checks that s, the value of field, is present and has no
// surrounding space.
func (f *faults) text(field, s string) {
	switch {
	case strings.TrimSpace(s) == "":
		f.add(field, s, "is missing")
	case strings.TrimSpace(s) != s:
		f.add(field, s, "has surrounding space")
	}
}

// texts checks every entry of a list of short texts.
func (f *faults) texts(field string, list []string) {
	for i, s := range list {
		f.text(index(field, i), s)
	}
}

// date checks that d, the value of field, is a valid date (required says
// whether the zero Date is allowed).
func (f *faults) date(field string, d interface {
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

func (f *faults) err() error { return f.list.Err() }

// reasonOf returns the reason of the field error in err, or its text.
func reasonOf(err error) string {
	if fe, ok := err.(*account.FieldError); ok {
		return fe.Reason
	}
	return err.Error()
}

// index returns field[i].
func index(field string, i int) string { return field + "[" + strconv.Itoa(i) + "]" }

// accountFault returns the field error about account id's field, wrapping
// sentinel.
func accountFault(id account.ID, field string, value any, reason string, sentinel error) *account.FieldError {
	return &account.FieldError{Record: "Account", ID: string(id), Field: field, Value: value, Reason: reason, Err: sentinel}
}
