package review_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/tiering"
)

var serviceModels = tiering.ServiceModels{
	{Tier: 1, ReviewEvery: tiering.Days(90)},
	{Tier: 2, ReviewEvery: tiering.Months(6)},
	{Tier: 3}, // no scheduled reviews
}

func valued(id string, tier account.Tier, value string) review.Valued {
	return review.Valued{Account: account.Account{ID: account.ID(id), Name: id, Tier: tier}, Value: account.MustParseMoney(value)}
}

func TestCadences(t *testing.T) {
	accounts := []review.Valued{
		valued("e", 3, "NZD 900"),
		valued("a", 1, "NZD 100"),
		valued("d", 2, "NZD 500"),
		valued("c", 3, "NZD 500"), // ties with d: c ranks first
		valued("b", 0, "NZD 50"),
		valued("f", 3, "NZD 10"),
	}
	rule := review.CadenceRule{Models: serviceModels, Top: 2, Every: tiering.Days(60)}
	got, err := rule.Cadences(accounts)
	if err != nil {
		t.Fatal(err)
	}
	want := []review.AccountCadence{
		{Account: "a", Cadence: tiering.Days(90), Source: review.CadenceTier, Rank: 4},
		// b: Unassigned, not top: none
		{Account: "c", Cadence: tiering.Days(60), Source: review.CadenceTop, Rank: 2},
		{Account: "d", Cadence: tiering.Months(6), Source: review.CadenceTier, Rank: 3},
		{Account: "e", Cadence: tiering.Days(60), Source: review.CadenceTop, Rank: 1},
		// f: tier 3 has no reviews
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Cadences (-want +got):\n%s", diff)
	}
	// Top beyond the portfolio takes every account; Top 0 none.
	all, err := review.CadenceRule{Models: serviceModels, Top: 100, Every: tiering.Months(1)}.Cadences(accounts)
	if err != nil || len(all) != len(accounts) {
		t.Errorf("Top 100: %d cadences, %v", len(all), err)
	}
	none, err := review.CadenceRule{Models: serviceModels}.Cadences(accounts)
	if err != nil || len(none) != 2 {
		t.Errorf("Top 0: %v, %v", none, err)
	}
}

// The result does not depend on the order of the accounts.
func TestCadencesOrderIndependent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 20).Draw(t, "n")
		var accounts []review.Valued
		for i := range n {
			accounts = append(accounts, valued(fmt.Sprintf("a%02d", i), account.Tier(rapid.IntRange(0, 3).Draw(t, "tier")), fmt.Sprintf("NZD %d", rapid.IntRange(0, 5).Draw(t, "value"))))
		}
		rule := review.CadenceRule{Models: serviceModels, Top: rapid.IntRange(0, n).Draw(t, "top"), Every: tiering.Days(30)}
		want, err := rule.Cadences(accounts)
		if err != nil {
			t.Fatal(err)
		}
		got, err := rule.Cadences(rapid.Permutation(accounts).Draw(t, "order"))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("order changed the cadences:\n%s", diff)
		}
		tops := 0
		for _, c := range want {
			if c.Source == review.CadenceTop {
				tops++
				if c.Rank > rule.Top {
					t.Fatalf("%s ranked %d is top", c.Account, c.Rank)
				}
			}
		}
		if tops != rule.Top {
			t.Fatalf("%d top accounts, want %d", tops, rule.Top)
		}
	})
}

func TestCadencesErrors(t *testing.T) {
	ok := []review.Valued{valued("a", 1, "NZD 1")}
	tests := []struct {
		name     string
		rule     review.CadenceRule
		accounts []review.Valued
		record   string
		field    string
		sentinel error
	}{
		{"top negative", review.CadenceRule{Top: -1}, ok, "CadenceRule", "Top", review.ErrInvalid},
		{"top without cadence", review.CadenceRule{Models: serviceModels, Top: 1}, ok, "CadenceRule", "Every", review.ErrInvalid},
		{"every too long", review.CadenceRule{Models: serviceModels, Top: 1, Every: tiering.Months(tiering.MaxCadenceMonths + 1)}, ok, "CadenceRule", "Every.Months", review.ErrInvalid},
		{"every negative", review.CadenceRule{Models: serviceModels, Top: 1, Every: tiering.Days(-1)}, ok, "CadenceRule", "Every.Days", review.ErrInvalid},
		{"bad models", review.CadenceRule{Models: tiering.ServiceModels{{Tier: 1, ReviewEvery: tiering.Days(-1)}}}, ok, "ServiceModels", "[0].ReviewEvery.Days", tiering.ErrInvalid},
		{"bad ID", review.CadenceRule{Models: serviceModels}, []review.Valued{valued("", 1, "NZD 1")}, "Account", "ID", review.ErrInvalid},
		{"duplicate", review.CadenceRule{Models: serviceModels}, []review.Valued{valued("a", 1, "NZD 1"), valued("a", 2, "NZD 1")}, "Account", "ID", review.ErrDuplicateAccount},
		{"tier without model", review.CadenceRule{Models: serviceModels}, []review.Valued{valued("a", 4, "NZD 1")}, "Account", "Tier", review.ErrInvalid},
		{"currencies", review.CadenceRule{Models: serviceModels}, []review.Valued{valued("a", 1, "NZD 1"), valued("b", 1, "AUD 1")}, "Account", "Value", account.ErrCurrencyMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.rule.Cadences(tt.accounts)
			if !errors.Is(err, tt.sentinel) {
				t.Fatalf("err = %v, want %v", err, tt.sentinel)
			}
			var fe *account.FieldError
			if !errors.As(err, &fe) || fe.Record != tt.record || fe.Field != tt.field {
				t.Fatalf("err = %v, want %s %s", err, tt.record, tt.field)
			}
		})
	}
	// A zero value in another currency is neutral; the valid edges pass.
	if _, err := (review.CadenceRule{Models: serviceModels, Top: 0}).Cadences([]review.Valued{valued("a", 1, "NZD 1"), {Account: account.Account{ID: "b", Tier: 1}}}); err != nil {
		t.Errorf("zero Money: %v", err)
	}
	if _, err := (review.CadenceRule{Models: serviceModels, Top: 1, Every: tiering.Months(tiering.MaxCadenceMonths)}).Cadences(ok); err != nil {
		t.Errorf("longest Every: %v", err)
	}
}

func TestScheduleEnumsText(t *testing.T) {
	for _, v := range []interface {
		MarshalText() ([]byte, error)
		String() string
	}{review.RoleManager, review.RoleSponsor, review.CadenceTop, review.ConflictBusy, review.ConflictClosed} {
		b, err := v.MarshalText()
		if err != nil || string(b) != v.String() {
			t.Errorf("%v: %s, %v", v, b, err)
		}
	}
	var r review.Role
	if err := r.UnmarshalText([]byte("finance")); err != nil || r != review.RoleFinance {
		t.Errorf("Role: %v %v", r, err)
	}
	if err := r.UnmarshalText([]byte("cfo")); !errors.Is(err, review.ErrInvalid) {
		t.Errorf("unknown Role: %v", err)
	}
	var s review.CadenceSource
	if err := s.UnmarshalText([]byte("tier")); err != nil || s != review.CadenceTier {
		t.Errorf("CadenceSource: %v %v", s, err)
	}
	if err := s.UnmarshalText([]byte("x")); !errors.Is(err, review.ErrInvalid) {
		t.Errorf("unknown CadenceSource: %v", err)
	}
	var c review.ConflictReason
	if err := c.UnmarshalText([]byte("week-limit")); err != nil || c != review.ConflictWeekLimit {
		t.Errorf("ConflictReason: %v %v", c, err)
	}
	if err := c.UnmarshalText([]byte("x")); !errors.Is(err, review.ErrInvalid) {
		t.Errorf("unknown ConflictReason: %v", err)
	}
	if _, err := review.Role(9).MarshalText(); !errors.Is(err, review.ErrInvalid) {
		t.Errorf("Role(9) marshals: %v", err)
	}
	if b, err := review.Role(0).MarshalText(); err != nil || len(b) != 0 {
		t.Errorf("zero Role marshals as %q, %v; want the empty text", b, err)
	}
}
