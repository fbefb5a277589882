package pack

import (
	"context"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// Whatever Config.Top, the top accounts are a prefix of the longest list,
// and the schedule, the change views and the briefings are of the top
// accounts only; the sections that do not depend on the top accounts are
// the same.
func TestTopProperty(t *testing.T) {
	s := serviceMemStore(t)
	ctx := context.Background()
	cfg := serviceTestConfig()
	cfg.Top = 24
	full, err := Run(ctx, s, cfg, serviceAt)
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		cfg := serviceTestConfig()
		cfg.Top = rapid.IntRange(1, 30).Draw(t, "top")
		r, err := Run(ctx, s, cfg, serviceAt)
		if err != nil {
			t.Fatal(err)
		}
		if want := full.TopAccounts[:min(cfg.Top, len(full.TopAccounts))]; !slices.Equal(r.TopAccounts, want) {
			t.Fatalf("top %d: %v, want %v", cfg.Top, r.TopAccounts, want)
		}
		if len(r.Changes) != len(r.TopAccounts) {
			t.Fatalf("%d change views for %d top accounts", len(r.Changes), len(r.TopAccounts))
		}
		for i, v := range r.Changes {
			if v.Account != r.TopAccounts[i] {
				t.Fatalf("change view %d is of %s, want %s", i, v.Account, r.TopAccounts[i])
			}
		}
		for _, b := range r.Briefings {
			if !slices.Contains(r.TopAccounts, b.Account) {
				t.Fatalf("briefing of %s, not at the top", b.Account)
			}
		}
		for _, m := range r.Reviews.Meetings {
			if !slices.Contains(r.TopAccounts, m.Account) {
				t.Fatalf("meeting %s, not at the top", m.ID)
			}
		}
		if r.Open != full.Open || len(r.Breaches) != len(full.Breaches) || len(r.Warnings) != len(full.Warnings) ||
			len(r.SLA) != len(full.SLA) || len(r.Overdue) != len(full.Overdue) {
			t.Fatalf("a section that does not depend on the top accounts changed with Top %d", cfg.Top)
		}
	})
}
