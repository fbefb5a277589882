package review_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/tiering"
)

// officeCalendar returns the London office calendar of the examples.
func officeCalendar(t testing.TB) *calendar.Calendar {
	t.Helper()
	return londonOffice()
}

// portfolio returns n accounts with cadence c, managed by managers
// managers (round robin), with a finance attendee shared by every
// four managers and a sponsor of their own.
func portfolio(n, managers int, c tiering.Cadence) []review.Subject {
	out := make([]review.Subject, n)
	for i := range out {
		m := i % managers
		out[i] = review.Subject{
			Account: account.ID(fmt.Sprintf("acct-%05d", i)),
			Name:    fmt.Sprintf("Customer %d", i),
			Cadence: c,
			Attendees: []review.Attendee{
				{Role: review.RoleManager, Email: fmt.Sprintf("am%03d@example.com", m)},
				{Role: review.RoleFinance, Email: fmt.Sprintf("fin%03d@example.com", m/4)},
				{Role: review.RoleSponsor, Email: fmt.Sprintf("sponsor%05d@example.com", i)},
			},
		}
	}
	return out
}

func baseRequest(t testing.TB, accounts []review.Subject) review.ScheduleRequest {
	return review.ScheduleRequest{
		Calendar: officeCalendar(t),
		Start:    calendar.Date{Year: 2026, Month: time.January, Day: 5},
		Time:     calendar.Clock{Hour: 10},
		Slack:    7,
		PerDay:   2,
		PerWeek:  5,
		Accounts: accounts,
	}
}

// checkField fails unless err is an *account.FieldError of record and
// field wrapping review.ErrInvalid.
func checkField(t testing.TB, err error, record, field string) {
	t.Helper()
	if !errors.Is(err, review.ErrInvalid) {
		t.Fatalf("err = %v, want one wrapping ErrInvalid", err)
	}
	var fe *account.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want an *account.FieldError", err)
	}
	if fe.Record != record || fe.Field != field {
		t.Fatalf("err = %v: record %q field %q, want %q %q", err, fe.Record, fe.Field, record, field)
	}
}
