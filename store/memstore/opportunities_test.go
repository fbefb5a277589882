package memstore_test

import (
	"testing"

	"github.com/keyaccount/keyaccount/growth"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/store/storetest"
)

// TestOpportunitiesConformance runs the conformance suite of the
// opportunity store.
func TestOpportunitiesConformance(t *testing.T) {
	storetest.RunOpportunities(t, func(*testing.T) growth.OpportunityStore { return memstore.New() })
}
