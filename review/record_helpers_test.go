package review_test

import (
	"errors"
	"iter"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/review"
)

// Helpers of the plans, reviews and budgets tests. Their names begin with
// "rec" so that they do not meet the schedule tests' helpers.

// recDay returns the date n days after 1 January 2026.
func recDay(n int) calendar.Date { return calendar.Date{Year: 2026, Month: 1, Day: 1}.AddDays(n) }

// recAt returns noon UTC of recDay(n).
func recAt(n int) time.Time {
	d := recDay(n)
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
}

// recSeq yields the values of s, then err if it is not nil.
func recSeq[T any](s []T, err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, v := range s {
			if !yield(v, nil) {
				return
			}
		}
		if err != nil {
			var zero T
			yield(zero, err)
		}
	}
}

// recCollect ranges over seq, returning the values and the first error.
func recCollect[T any](seq iter.Seq2[T, error]) ([]T, error) { return account.Collect(seq) }

// recFields returns the "Record.Field" of every *account.FieldError in
// err, sorted, and fails t unless err wraps review.ErrInvalid.
func recFields(t *testing.T, err error) []string {
	t.Helper()
	if !errors.Is(err, review.ErrInvalid) {
		t.Fatalf("error %v does not wrap review.ErrInvalid", err)
	}
	var out []string
	var walk func(error)
	walk = func(err error) {
		if fe, ok := err.(*account.FieldError); ok {
			out = append(out, fe.Record+"."+fe.Field)
			return
		}
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				walk(e)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
	slices.Sort(out)
	return out
}

// recWantFields fails t unless err names exactly the fields want.
func recWantFields(t *testing.T, what string, err error, want ...string) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Errorf("%s: unexpected error %v", what, err)
		}
		return
	}
	if err == nil {
		t.Errorf("%s: no error, want one naming %v", what, want)
		return
	}
	slices.Sort(want)
	if d := cmp.Diff(recFields(t, err), want); d != "" {
		t.Errorf("%s: fields named (-got +want):\n%s\nerror: %v", what, d, err)
	}
}

var recCmp = []cmp.Option{cmpopts.EquateEmpty()}

var nzd = account.MustParseMoney
