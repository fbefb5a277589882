package memstore_test

import (
	"testing"

	"github.com/keyaccount/keyaccount/growth"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/store/storetest"
)

func TestGrowthConformance(t *testing.T) {
	storetest.RunGrowth(t, func(*testing.T) growth.Store { return memstore.New() })
}
