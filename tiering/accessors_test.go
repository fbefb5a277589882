package tiering_test

import (
	"slices"
	"testing"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/tiering"
	"github.com/shopspring/decimal"
)

// A Result's accessors report the run's instant, thresholds, overrides and
// counts, and return copies that the caller may change.
func TestResultAccessors(t *testing.T) {
	p := tiering.Policy{Basis: tiering.BasisScore, Rules: []tiering.TierRule{{MinScore: 80 * tiering.Point}, {MinScore: 50 * tiering.Point}, {}}}
	in := tiering.Input{At: at, Overrides: []tiering.Override{
		{Account: "j", Tier: 1, Reason: "strategic", Author: "ceo"},
		{Account: "a", Tier: 3, Reason: "old", Author: "ceo", Expires: at.AddDate(0, -1, 0)},
	}}
	r, err := p.Apply(portfolio(), in)
	if err != nil {
		t.Fatal(err)
	}
	if !r.At().Equal(at) {
		t.Errorf("At() = %v, want %v", r.At(), at)
	}
	if got, want := r.Thresholds(), []tiering.Points{80 * tiering.Point, 50 * tiering.Point}; !slices.Equal(got, want) {
		t.Errorf("Thresholds() = %v, want %v", got, want)
	}
	r.Thresholds()[0] = 0
	if r.Thresholds()[0] != 80*tiering.Point {
		t.Error("changing Thresholds() changed the result")
	}
	if o := r.Overrides(); len(o) != 1 || o[0].Account != "j" {
		t.Errorf("Overrides() = %v, want j's", o)
	}
	if o := r.Expired(); len(o) != 1 || o[0].Account != "a" {
		t.Errorf("Expired() = %v, want a's", o)
	}
	// a, b, c score 80 or more and j is pinned to tier 1; d to g score 50
	// or more; h and i are left.
	for tier, want := range map[account.Tier]int{account.Unassigned: 0, 1: 4, 2: 4, 3: 2, 4: 0, 255: 0} {
		if got := r.Count(tier); got != want {
			t.Errorf("Count(%v) = %d, want %d", tier, got, want)
		}
	}
}

// The zero Plan is empty: no share changed, no value moved.
func TestZeroPlan(t *testing.T) {
	var p tiering.Plan
	if got := p.ChangedShare(); !got.Equal(decimal.Zero) {
		t.Errorf("ChangedShare() = %v, want 0", got)
	}
	if got := p.MovedValue(); got != (account.Money{}) {
		t.Errorf("MovedValue() = %v, want the zero Money", got)
	}
	if got := p.Transition(1, 2); got != (tiering.Transition{From: 1, To: 2}) {
		t.Errorf("Transition(1, 2) = %+v, want an empty cell", got)
	}
}

// Under BasisCount an account pinned to a tier takes one of its places:
// tier 1 of Count 2 holds the pinned account and the best other one.
func TestPinnedCountsTowardsQuota(t *testing.T) {
	p := tiering.Policy{Basis: tiering.BasisCount, Rules: []tiering.TierRule{{Count: 2}, {Count: 3}, {}}}
	r, err := p.Apply(portfolio(), tiering.Input{At: at, Overrides: []tiering.Override{{Account: "j", Tier: 1, Reason: "strategic", Author: "ceo"}}})
	if err != nil {
		t.Fatal(err)
	}
	for tier, want := range map[account.Tier]int{1: 2, 2: 3, 3: 5} {
		if got := r.Count(tier); got != want {
			t.Errorf("Count(%v) = %d, want %d", tier, got, want)
		}
	}
}
