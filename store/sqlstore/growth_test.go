package sqlstore

import (
	"testing"

	"github.com/keyaccount/keyaccount/growth"
	"github.com/keyaccount/keyaccount/store/storetest"
)

// TestGrowthConformance runs the conformance suites of growth's stores on
// every dialect.
func TestGrowthConformance(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		t.Run("Growth", func(t *testing.T) {
			storetest.RunGrowth(t, func(t *testing.T) growth.Store { return newTestStore(t, d) })
		})
		t.Run("Opportunities", func(t *testing.T) {
			storetest.RunOpportunities(t, func(t *testing.T) growth.OpportunityStore { return newTestStore(t, d) })
		})
	})
}
