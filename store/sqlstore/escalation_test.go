package sqlstore

import (
	"testing"

	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/store/storetest"
)

// TestEscalationConformance runs the escalation.Store conformance suite on
// every dialect.
func TestEscalationConformance(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		storetest.RunEscalation(t, func(t *testing.T) escalation.Store { return newTestStore(t, d) })
	})
}
