package memstore_test

import (
	"testing"

	"github.com/keyaccount/keyaccount/sla"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/store/storetest"
)

// TestTicketConformance runs the ticket store's conformance suite.
func TestTicketConformance(t *testing.T) {
	storetest.RunTickets(t, func(*testing.T) sla.TicketStore { return memstore.New() })
}
