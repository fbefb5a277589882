package engagement_test

import (
	"testing"

	"github.com/keyaccount/keyaccount/engagement"
)

// The views of a chunk of accounts share a few allocations sized up front
// (see Impact.Views): listing every view allocates far less than once per
// view, so that the change view of a large portfolio makes little garbage.
func TestViewsShareMemory(t *testing.T) {
	cb := newChangeBench(4000, 60)
	im, err := engagement.NewImpact(cb.p, cb.changes, engagement.ImpactOptions{})
	if err != nil {
		t.Fatal(err)
	}
	views := 0
	allocs := testing.AllocsPerRun(3, func() {
		views = 0
		for v := range im.Views() {
			if len(v.Changes) > 0 {
				views++
			}
		}
	})
	t.Logf("%d views, %.0f allocations", views, allocs)
	if views < 1000 {
		t.Fatalf("only %d views with changes: the test needs many", views)
	}
	if allocs > float64(views)/4 {
		t.Errorf("listing %d views makes %.0f allocations, want at most one per 4 views", views, allocs)
	}
}
