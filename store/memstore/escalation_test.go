package memstore_test

import (
	"testing"

	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/store/storetest"
)

// TestEscalationConformance runs the conformance suite of the escalation
// stores.
func TestEscalationConformance(t *testing.T) {
	storetest.RunEscalation(t, func(*testing.T) escalation.Store { return memstore.New() })
}
