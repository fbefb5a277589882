package sla_test

import (
	"errors"
	"iter"
	"strconv"
	"sync"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/sla"
)

// tester is what the helpers need of a *testing.T, *testing.B or
// *rapid.T.
type tester interface {
	Helper()
	Fatal(args ...any)
}

// The calendars of the tests, built once.
var (
	calsOnce sync.Once
	nzCal    *calendar.Calendar // nz-support: Mon-Fri 08:30-12:00, 13:00-17:00, NZ public holidays
	initech  *calendar.Calendar // initech-hours: Mon-Fri 09:00-17:00, NZ public holidays
	always   *calendar.Calendar // 24x7 in Pacific/Auckland
	nzLoc    *time.Location
)

func loadCalendars(tb tester) {
	tb.Helper()
	calsOnce.Do(func() {
		nz, err := calendar.Country("NZ")
		if err != nil {
			panic(err)
		}
		week := func(s string) calendar.Week {
			ws, err := calendar.ParseWindows(s)
			if err != nil {
				panic(err)
			}
			return calendar.MondayToFriday(ws...)
		}
		build := func(name, hours string) *calendar.Calendar {
			c, err := calendar.New(calendar.Config{Name: name, Zone: "Pacific/Auckland", Versions: []calendar.Version{{
				Week: week(hours), HolidaySets: []calendar.HolidaySet{nz},
			}}})
			if err != nil {
				panic(err)
			}
			return c
		}
		nzCal = build("nz-support", "08:30-12:00, 13:00-17:00")
		initech = build("initech-hours", "09:00-17:00")
		if always, err = calendar.AlwaysOpen("Pacific/Auckland"); err != nil {
			panic(err)
		}
		nzLoc = nzCal.Location()
	})
}

// nzt returns a civil time in Pacific/Auckland. (Not for the hour the
// clocks go back, which is ambiguous: use UTC there.)
func nzt(tb tester, y int, mo time.Month, d, h, mi int) time.Time {
	tb.Helper()
	loadCalendars(tb)
	return time.Date(y, mo, d, h, mi, 0, 0, nzLoc)
}

// fixtureCalendars resolves initech to its own hours and everyone else to
// nz-support.
func fixtureCalendars(tb tester) sla.Calendars {
	loadCalendars(tb)
	return sla.Calendars{
		Named:    map[string]*calendar.Calendar{"nz-support": nzCal, "initech-hours": initech, "24x7": always},
		Accounts: map[account.ID]string{"initech": "initech-hours"},
		Default:  "nz-support",
	}
}

// fixturePolicies: key accounts (tier 1) get faster targets; everyone
// else the standard ones. Low tickets have no resolution target.
func fixturePolicies() sla.Policies {
	h := time.Hour
	return sla.Policies{
		{
			Name:  "Key accounts",
			Tiers: []account.Tier{1},
			Targets: []sla.Target{
				{Metric: sla.MetricFirstResponse, Priority: sla.PriorityUrgent, Measure: sla.MeasureWallTime, Within: 1 * h},
				{Metric: sla.MetricResolution, Priority: sla.PriorityUrgent, Within: 8 * h},
				{Metric: sla.MetricFirstResponse, Priority: sla.PriorityHigh, Within: 2 * h},
				{Metric: sla.MetricNextReply, Priority: sla.PriorityHigh, Within: 4 * h},
				{Metric: sla.MetricResolution, Priority: sla.PriorityHigh, Measure: sla.MeasureBusinessDays, Days: 2},
				{Metric: sla.MetricFirstResponse, Priority: sla.PriorityNormal, Within: 4 * h},
				{Metric: sla.MetricResolution, Priority: sla.PriorityNormal, Measure: sla.MeasureBusinessDays, Days: 3},
			},
		},
		{
			Name: "Standard",
			Targets: []sla.Target{
				{Metric: sla.MetricFirstResponse, Priority: sla.PriorityHigh, Within: 4 * h},
				{Metric: sla.MetricResolution, Priority: sla.PriorityHigh, Within: 16 * h},
				{Metric: sla.MetricFirstResponse, Priority: sla.PriorityNormal, Within: 8 * h},
				{Metric: sla.MetricResolution, Priority: sla.PriorityNormal, Measure: sla.MeasureBusinessDays, Days: 5},
				{Metric: sla.MetricFirstResponse, Priority: sla.PriorityLow, Measure: sla.MeasureBusinessDays, Days: 2},
			},
		},
	}
}

func newEvaluator(tb tester, ps sla.Policies, cals sla.Calendars) *sla.Evaluator {
	tb.Helper()
	e, err := sla.NewEvaluator(ps, cals)
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

func itoa(i int) string { return strconv.Itoa(i) }

// stream yields the results of rs with no error, as a store would list
// them: the shape Compliance takes.
func stream(rs []sla.Result) iter.Seq2[sla.Result, error] {
	return func(yield func(sla.Result, error) bool) {
		for _, r := range rs {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// ignoreText compares field errors by what they name and wrap: the
// record, ID, field and sentinel, not the value or the wording.
var ignoreText = cmp.Options{cmpopts.EquateErrors(), cmpopts.IgnoreFields(account.FieldError{}, "Value", "Reason")}

// fieldError returns the field error err holds (the first, if it joins
// several), failing the test if it holds none.
func fieldError(t tester, err error) account.FieldError {
	t.Helper()
	var fe *account.FieldError
	if !errors.As(err, &fe) {
		t.Fatal("got ", err, ", want an *account.FieldError")
	}
	return *fe
}

// fieldErrors returns the field errors of a joined error, in order.
func fieldErrors(err error) []account.FieldError {
	var out []account.FieldError
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case *account.FieldError:
			out = append(out, *e)
		case interface{ Unwrap() []error }:
			for _, e := range e.Unwrap() {
				walk(e)
			}
		}
	}
	walk(err)
	return out
}
