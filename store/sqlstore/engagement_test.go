package sqlstore

import (
	"testing"

	"github.com/keyaccount/keyaccount/engagement"
	"github.com/keyaccount/keyaccount/store/storetest"
)

// TestEngagementConformance runs the conformance suites of engagement's
// stores on every dialect.
func TestEngagementConformance(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		t.Run("Responses", func(t *testing.T) {
			storetest.RunResponses(t, func(t *testing.T) engagement.ResponseStore { return newTestStore(t, d) })
		})
		t.Run("Changes", func(t *testing.T) {
			storetest.RunChanges(t, func(t *testing.T) engagement.ChangeStore { return newTestStore(t, d) })
		})
		t.Run("Feedback", func(t *testing.T) {
			storetest.RunFeedback(t, func(t *testing.T) engagement.FeedbackStore { return newTestStore(t, d) })
		})
	})
}
