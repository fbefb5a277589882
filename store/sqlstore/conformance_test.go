package sqlstore

import (
	"testing"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/store/storetest"
)

// TestConformance runs the account.Store conformance suite on every
// dialect.
func TestConformance(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		storetest.Run(t, func(t *testing.T) account.Store { return newTestStore(t, d) })
	})
}
