package review_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/review"
)

// FuzzRecordsJSON decodes outside JSON into a plan, a review, an action
// item and a budget, as an application reading them from a request or a
// file would: Validate never panics, reports only errors wrapping
// ErrInvalid, and a record it accepts survives a round trip through JSON
// still valid.
func FuzzRecordsJSON(f *testing.F) {
	for _, v := range []any{recPlan(), recReview(), recBudget(), recActions()[0],
		review.ActionItem{ID: "x", Owner: "", Status: review.ActionOpen},
		review.Budget{Year: 1 << 40, StartMonth: 99, Kind: account.TransactionCost}, review.Review{ID: "r", Health: review.Health{Trend: 1}}} {
		b, err := json.Marshal(v)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"Objectives":[{"Due":"2026-02-30"}],"Status":"active"}`))
	f.Add([]byte(`{"Periods":[{"amount":"1","currency":"NZD"}],"Split":"monthly","From":"0001-01-01"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		check := func(v interface{ Validate() error }, back func() (interface{ Validate() error }, error)) {
			err := v.Validate()
			if err != nil {
				if !errors.Is(err, review.ErrInvalid) {
					t.Fatalf("%T.Validate: error %v does not wrap ErrInvalid", v, err)
				}
				return
			}
			w, err := back()
			if err != nil {
				t.Fatalf("%T accepted by Validate does not round-trip: %v", v, err)
			}
			if err := w.Validate(); err != nil {
				t.Fatalf("%T valid before a round trip, not after: %v", v, err)
			}
		}
		var p review.Plan
		if json.Unmarshal(data, &p) == nil {
			check(p, func() (interface{ Validate() error }, error) { var q review.Plan; return q, roundTrip(p, &q) })
		}
		var r review.Review
		if json.Unmarshal(data, &r) == nil {
			check(r, func() (interface{ Validate() error }, error) { var q review.Review; return q, roundTrip(r, &q) })
		}
		var a review.ActionItem
		if json.Unmarshal(data, &a) == nil {
			check(a, func() (interface{ Validate() error }, error) { var q review.ActionItem; return q, roundTrip(a, &q) })
		}
		var b review.Budget
		if json.Unmarshal(data, &b) == nil {
			check(b, func() (interface{ Validate() error }, error) { var q review.Budget; return q, roundTrip(b, &q) })
			if b.Validate() == nil {
				// A valid budget has a status on every day of its year, and
				// at the year's end the forecast is the actuals.
				tx := account.Transaction{ID: "t", Account: b.Account, Kind: b.Kind, Amount: b.Amount,
					At: time.Date(b.End().Year, b.End().Month, b.End().Day, 0, 0, 0, 0, time.UTC)}
				s, err := b.Status(b.End(), nil, recSeq([]account.Transaction{tx}, nil))
				if err != nil {
					t.Fatalf("Status of a valid budget at its year's end: %v", err)
				}
				if !s.Forecast.Equal(s.Actual) {
					t.Fatalf("at the year's end the forecast %v is not the actuals %v", s.Forecast, s.Actual)
				}
				if _, err := b.Status(calendar.Date{Year: b.Year, Month: 2, Day: 29}, nil, nil); err != nil && !errors.Is(err, review.ErrInvalid) {
					t.Fatalf("Status: error %v does not wrap ErrInvalid", err)
				}
			}
		}
	})
}

// roundTrip marshals v to JSON and unmarshals it into into.
func roundTrip(v, into any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, into)
}
