package memstore_test

import (
	"testing"

	"github.com/keyaccount/keyaccount/engagement"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/store/storetest"
)

// TestChangesConformance runs the conformance suite of change stores.
func TestChangesConformance(t *testing.T) {
	storetest.RunChanges(t, func(*testing.T) engagement.ChangeStore { return memstore.New() })
}

// TestFeedbackConformance runs the conformance suite of feedback stores.
func TestFeedbackConformance(t *testing.T) {
	storetest.RunFeedback(t, func(*testing.T) engagement.FeedbackStore { return memstore.New() })
}

// TestChangesZeroStore checks that a zero Store keeps changes and feedback.
func TestChangesZeroStore(t *testing.T) {
	var s memstore.Store
	ctx := t.Context()
	for _, err := range s.Changes(ctx, engagement.ChangeFilter{}) {
		t.Errorf("Changes on a zero Store yields something (error %v)", err)
	}
	for _, err := range s.Feedback(ctx, engagement.FeedbackFilter{Account: "acme"}) {
		t.Errorf("Feedback on a zero Store yields something (error %v)", err)
	}
}
