package tiering_test

import (
	"errors"
	"iter"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/tiering"
)

func TestGaps(t *testing.T) {
	now := time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	accounts := []account.Account{
		{ID: "never", Tier: 3},                                       // no contact, no Created: first
		{ID: "new", Tier: 3, Created: now.Add(-10 * day)},            // not yet due
		{ID: "hour", Tier: 3, Created: now.Add(-90*day - time.Hour)}, // one hour late: 1 day
		{ID: "un", Tier: account.Unassigned},                         // no model needed
		{ID: "future", Tier: 2},                                      // contact after now does not count
		{ID: "b", Tier: 2}, {ID: "a", Tier: 2},                       // tie: by ID
		{ID: "ancient", Tier: 3, Created: time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC)}, // Overdue saturates
	}
	interactions := []account.Interaction{
		{Account: "future", At: now.Add(time.Hour), Kind: account.InteractionMeeting},
		{Account: "future", At: now.Add(-40 * day), Kind: account.InteractionCall},
		{Account: "b", At: now.Add(-35 * day), Kind: account.InteractionVisit},
		{Account: "a", At: now.Add(-35 * day), Kind: account.InteractionReview},
		{Account: "a", At: now.Add(-2 * day), Kind: account.InteractionEmail}, // not meaningful by default
		{Account: "elsewhere", At: now, Kind: account.InteractionMeeting},     // not listed: ignored
	}
	got, err := models.Gaps(now, accounts, stream(interactions))
	if err != nil {
		t.Fatal(err)
	}
	maxDuration := time.Duration(math.MaxInt64)
	want := []tiering.Gap{
		{Account: "never", Tier: 3},
		{Account: "ancient", Tier: 3, Due: time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC).Add(90 * day), Overdue: maxDuration, Days: int(maxDuration/day) + 1},
		{Account: "future", Tier: 2, Last: now.Add(-40 * day), Due: now.Add(-10 * day), Overdue: 10 * day, Days: 10},
		{Account: "a", Tier: 2, Last: now.Add(-35 * day), Due: now.Add(-5 * day), Overdue: 5 * day, Days: 5},
		{Account: "b", Tier: 2, Last: now.Add(-35 * day), Due: now.Add(-5 * day), Overdue: 5 * day, Days: 5},
		{Account: "hour", Tier: 3, Due: now.Add(-time.Hour), Overdue: time.Hour, Days: 1},
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("gaps (-got +want):\n%s", diff)
	}

	_, err = models.Gaps(now, []account.Account{{ID: "x", Tier: 7}}, nil)
	checkFieldError(t, err, account.FieldError{Record: "Account", ID: "x", Field: "Tier", Value: account.Tier(7), Err: tiering.ErrInvalid})
	_, err = models.Gaps(now, []account.Account{{ID: "y"}, {ID: "x"}, {ID: "y"}, {ID: "x"}}, nil)
	checkFieldError(t, err, account.FieldError{Record: "Account", ID: "x", Field: "ID", Err: tiering.ErrDuplicateAccount})
	_, err = models.Gaps(time.Time{}, nil, nil)
	checkFieldError(t, err, account.FieldError{Record: "Gaps", Field: "at", Err: tiering.ErrInvalid})
}

func TestServiceModelsValidate(t *testing.T) {
	tests := []struct {
		name   string
		models tiering.ServiceModels
		field  string
	}{
		{"no tier", tiering.ServiceModels{{Workload: 1}}, "[0].Tier"},
		{"tier twice", tiering.ServiceModels{{Tier: 1}, {Tier: 1}}, "[1].Tier"},
		{"negative workload", tiering.ServiceModels{{Tier: 1, Workload: -1}}, "[0].Workload"},
		{"negative cadence", tiering.ServiceModels{{Tier: 1, ReviewEvery: tiering.Days(-1)}}, "[0].ReviewEvery.Days"},
		{"cadence too long", tiering.ServiceModels{{Tier: 1, ReviewEvery: tiering.Months(tiering.MaxCadenceMonths + 1)}}, "[0].ReviewEvery.Months"},
		{"unknown kind", tiering.ServiceModels{{Tier: 1, ContactKinds: []account.InteractionKind{9}}}, "[0].ContactKinds[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFieldError(t, tt.models.Validate(), account.FieldError{Record: "ServiceModels", Field: tt.field, Err: tiering.ErrInvalid})
		})
	}
	if err := models.Validate(); err != nil {
		t.Errorf("valid models: %v", err)
	}
}

func TestWorkload(t *testing.T) {
	for tier, want := range map[account.Tier]int{0: 0, 1: 10, 2: 4, 3: 1, 9: 0} {
		if got := models.Workload(account.Account{Tier: tier}); got != want {
			t.Errorf("Workload(%s) = %d, want %d", tier, got, want)
		}
	}
	m, ok := models.For(2)
	if !ok || m.SLAPolicy != "silver" {
		t.Errorf("For(2) = %+v, %v", m, ok)
	}
}

// stream yields xs as a store lists records: each with a nil error.
func stream[T any](xs []T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, x := range xs {
			if !yield(x, nil) {
				return
			}
		}
	}
}

// An error from the stream of interactions ends Gaps with that error.
func TestGapsStreamError(t *testing.T) {
	broken := errors.New("store: connection lost")
	interactions := func(yield func(account.Interaction, error) bool) {
		if !yield(account.Interaction{ID: "1", Account: "a", At: at.Add(-time.Hour), Kind: account.InteractionMeeting}, nil) {
			return
		}
		yield(account.Interaction{}, broken)
	}
	gaps, err := models.Gaps(at, []account.Account{{ID: "a", Tier: 1}}, interactions)
	if !errors.Is(err, broken) || gaps != nil {
		t.Errorf("Gaps = %v, %v; want nil, the stream's error", gaps, err)
	}
}
