package sqlstore

import (
	"testing"

	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/store/storetest"
)

// TestReviewConformance runs the review.Store conformance suite on every
// dialect.
func TestReviewConformance(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		storetest.RunReview(t, func(t *testing.T) review.Store { return newTestStore(t, d) })
	})
}
