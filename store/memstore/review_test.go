package memstore_test

import (
	"testing"

	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/store/storetest"
)

// TestReviewConformance runs the conformance suite of the review stores.
func TestReviewConformance(t *testing.T) {
	storetest.RunReview(t, func(*testing.T) review.Store { return memstore.New() })
}
