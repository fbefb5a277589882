package pack_test

import (
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/examples/portfolio/internal/pack"
	"github.com/keyaccount/keyaccount/tiering"
)

// TestDefaultConfig checks that the house configuration is what its
// documentation says.
func TestDefaultConfig(t *testing.T) {
	c := pack.DefaultConfig()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.Location.String() != "Pacific/Auckland" || c.ValueMonths != 12 || c.Top != 20 || len(c.Budgets) != 0 {
		t.Errorf("location %v, %d months, top %d, %d budgets", c.Location, c.ValueMonths, c.Top, len(c.Budgets))
	}
	if want := time.Date(2026, time.October, 1, 0, 0, 0, 0, c.Location); !pack.DefaultAt.Equal(want) || pack.DefaultAt.Location() != c.Location {
		t.Errorf("DefaultAt = %v, want %v", pack.DefaultAt, want)
	}
	const day = 24 * time.Hour
	h := c.Policy.Hysteresis
	if h != (tiering.Hysteresis{Up: 300, Down: 300, MinDwell: 180 * day, MaxStepDown: 1}) {
		t.Errorf("hysteresis = %+v", h)
	}
	var shares []string
	for _, r := range c.Policy.Rules {
		shares = append(shares, r.Share.String())
	}
	if diff := gocmp.Diff([]string{"0.045", "0.15", "0.3", "0"}, shares); diff != "" || c.Policy.Basis != tiering.BasisShare || c.Policy.Rules[0].Cap != 25 {
		t.Errorf("rules: basis %v, cap %d, shares (-want +got):\n%s", c.Policy.Basis, c.Policy.Rules[0].Cap, diff)
	}
	type model struct {
		review  string
		contact time.Duration
		work    int
	}
	want := map[account.Tier]model{1: {"90d", 30 * day, 8}, 2: {"6m", 45 * day, 4}, 3: {"12m", 90 * day, 2}, 4: {"0d", 180 * day, 1}}
	for tier, w := range want {
		m, ok := c.Models.For(tier)
		if got := (model{m.ReviewEvery.String(), m.ContactEvery, m.Workload}); !ok || got != w {
			t.Errorf("tier %d model = %+v, want %+v", tier, got, w)
		}
	}
	if a := c.Assignment; !a.MatchRegion || a.MaxTier1 != 3 || a.Continuity != 0.1 || a.Workload != nil {
		t.Errorf("assignment = %+v", a)
	}
	if c.RFM.K != 5 || len(c.RFM.Segments.Segments()) != 11 {
		t.Errorf("RFM = %+v", c.RFM)
	}
}
