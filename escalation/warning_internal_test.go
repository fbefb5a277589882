package escalation

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
)

var warnInternalT0 = time.Date(2025, time.June, 2, 9, 0, 0, 0, time.UTC)

// An impact that would pass what an int64 holds is an error, and an impact
// just short of the limit is not: a window of about 9.2 million accounts
// is too large to build in a test, so the test sets the group's impact.
func TestDetectorImpactLimit(t *testing.T) {
	for _, tc := range []struct {
		name  string
		below int64 // how far below the limit the impact is set
		fail  bool
	}{
		{"at the limit", 0, false},
		{"past the limit", -1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := NewDetector(DetectorConfig{Window: time.Hour, Raise: Threshold{Impact: decimal.NewFromInt(MaxImpact)},
				Weights: map[account.Tier]decimal.Decimal{1: decimal.NewFromInt(MaxWeight), 2: decimal.NewFromInt(1)}})
			if err != nil {
				t.Fatal(err)
			}
			o := Occurrence{Issue: "I-1", Account: "a", Tier: 2, Category: "network", At: warnInternalT0}
			if _, err := d.Add(o); err != nil {
				t.Fatal(err)
			}
			g := d.groups[DimensionCategory]["network"]
			limit := math.MaxInt64 - d.maxW
			g.impact, d.peak = limit-tc.below, limit-tc.below
			o.Issue, o.Account = "I-2", "b"
			_, err = d.Add(o)
			if got := errors.Is(err, ErrImpactLimit); got != tc.fail {
				t.Fatalf("Add: %v, want ErrImpactLimit %v", err, tc.fail)
			}
			var fe *account.FieldError
			if tc.fail && (!errors.As(err, &fe) || fe.Field != "Tier" || fe.ID != "I-2" || !errors.Is(err, ErrInvalid)) {
				t.Fatalf("Add: %v, want a FieldError of I-2's Tier", err)
			}
			// The service of a later occurrence is looked at too.
			d.peak = limit + 1
			svc := Occurrence{Issue: "I-3", Account: "c", Tier: 2, Service: "vpn", At: warnInternalT0}
			if _, err := d.Add(svc); err != nil {
				t.Fatalf("a service far from the limit: %v", err)
			}
			d.groups[DimensionService]["vpn"].impact = limit + 1
			if _, err := d.Add(svc); !errors.Is(err, ErrImpactLimit) {
				t.Fatalf("a service past the limit: %v", err)
			}
		})
	}
}

// The detector forgets an account, a category and a service once their
// occurrences have left the window: its memory follows the window.
func TestDetectorForgets(t *testing.T) {
	d, err := NewDetector(DetectorConfig{Window: time.Minute, Raise: Threshold{Accounts: 2}, Clear: Threshold{Accounts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	add := func(issue string, a account.ID, cat, svc string, m int) {
		t.Helper()
		if _, err := d.Add(Occurrence{Issue: issue, Account: a, Category: cat, Service: svc,
			At: warnInternalT0.Add(time.Duration(m) * time.Second)}); err != nil {
			t.Fatal(err)
		}
	}
	add("I-1", "a", "network", "vpn", 0)
	add("I-2", "a", "network", "", 10)
	add("I-3", "b", "", "mail", 20)
	add("I-4", "c", "login", "mail", 30) // raises mail
	if len(d.accts) != 3 || d.accts["a"].refs != 2 || len(d.accts["a"].in) != 2 || d.groups[DimensionCategory]["network"].n != 1 {
		t.Fatalf("accounts %v", d.accts)
	}
	if _, err := d.Advance(warnInternalT0.Add(70 * time.Second)); err != nil {
		t.Fatal(err)
	}
	if len(d.accts) != 2 || d.accts["a"] != nil || d.accts["c"].refs != 1 || len(d.groups[DimensionCategory]) != 1 ||
		d.groups[DimensionService]["vpn"] != nil {
		t.Fatalf("after a left: accounts %v, categories %v", d.accts, d.groups[DimensionCategory])
	}
	if _, err := d.Advance(warnInternalT0.Add(90 * time.Second)); err != nil {
		t.Fatal(err)
	}
	if len(d.accts) != 0 || len(d.groups[DimensionCategory]) != 0 || len(d.groups[DimensionService]) != 0 || d.window.len() != 0 {
		t.Fatalf("after all left: accounts %v, groups %v", d.accts, d.groups)
	}
	if len(d.free) != 3 || d.free[0].id != "" || len(d.free[0].in) != 0 {
		t.Errorf("%d spare entries, want the 3 accounts' for reuse", len(d.free))
	}
}
