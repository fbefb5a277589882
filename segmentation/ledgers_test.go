package segmentation_test

import (
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/segmentation"
)

func ledgerOf(t *testing.T, k account.TransactionKind, ids ...account.ID) *segmentation.Ledger {
	t.Helper()
	l, err := segmentation.NewLedger("NZD", k)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if err := l.AppendUnits(id, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), 100); err != nil {
			t.Fatal(err)
		}
	}
	return l
}

// With Options.Kind set, a ledger of that kind is counted and one of the
// other kind is left out, counted in Excluded.OtherKind.
func TestAddLedgerKindFilter(t *testing.T) {
	a, err := segmentation.NewAggregator(segmentation.Options{Kind: account.TransactionRevenue})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.AddLedger(ledgerOf(t, account.TransactionRevenue, "A", "B")); err != nil {
		t.Fatal(err)
	}
	if err := a.AddLedger(ledgerOf(t, account.TransactionCost, "C", "C", "C")); err != nil {
		t.Fatal(err)
	}
	if a.Len() != 2 || a.Excluded().OtherKind != 3 {
		t.Errorf("Len %d, OtherKind %d; want 2 accounts and 3 rows left out", a.Len(), a.Excluded().OtherKind)
	}
}

// Ledgers with dictionaries of their own, one after another: each
// ledger's codes map to the aggregator's IDs afresh (a map cached for one
// ledger must not be used for the next).
func TestAddLedgersOfDifferentDictionaries(t *testing.T) {
	a, err := segmentation.NewAggregator(segmentation.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []*segmentation.Ledger{
		ledgerOf(t, account.TransactionRevenue, "A"),
		ledgerOf(t, account.TransactionRevenue, "B", "C"),
		ledgerOf(t, account.TransactionRevenue, "C", "C"), // C is code 0 here, B's code in the ledger before
	} {
		if err := a.AddLedger(l); err != nil {
			t.Fatal(err)
		}
	}
	tab, err := segmentation.Score(a, segmentation.Scoring{})
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[account.ID]int64{"A": 1, "B": 1, "C": 3} {
		if r, ok := tab.Lookup(id); !ok || r.Transactions != want {
			t.Errorf("%s: %d transactions (found %v), want %d", id, r.Transactions, ok, want)
		}
	}
}
