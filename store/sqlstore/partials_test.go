package sqlstore

import (
	"testing"

	"github.com/keyaccount/keyaccount/store/storetest"
)

func TestPartialsConformance(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		storetest.RunPartials(t, func(t *testing.T) storetest.PushDownStore { return newTestStore(t, d) })
	})
}
