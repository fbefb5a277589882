package sqlstore

import (
	"testing"

	"github.com/keyaccount/keyaccount/sla"
	"github.com/keyaccount/keyaccount/store/storetest"
)

// TestTicketsConformance runs the sla.TicketStore conformance suite on
// every dialect.
func TestTicketsConformance(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		storetest.RunTickets(t, func(t *testing.T) sla.TicketStore { return newTestStore(t, d) })
	})
}
