package segmentation_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/segmentation"
)

// Table.ID returns strings over the dictionary's arena without copying.
// That is sound only if no byte an ID was handed out from is written
// again: here the ledger and the aggregator that share the dictionary keep
// learning new IDs (growing the arena, and appending within its capacity)
// while other goroutines read the table's IDs, and every ID must read as
// it did. Under -race, a write to a byte a table reads is also reported.
func TestTableIDsSurviveLaterAppends(t *testing.T) {
	l, err := segmentation.NewLedger("NZD", account.TransactionRevenue)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	add := func(lo, hi int) {
		for i := lo; i < hi; i++ {
			if err := l.AppendUnits(account.ID(fmt.Sprintf("acct-%06d", i)), at, int64(i)); err != nil {
				t.Fatal(err)
			}
		}
	}
	add(0, 100)
	a, err := segmentation.NewAggregator(segmentation.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.AddLedger(l); err != nil {
		t.Fatal(err)
	}
	tab, err := segmentation.Score(a, segmentation.Scoring{})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]account.ID, tab.Len())
	for i := range ids {
		ids[i] = tab.ID(i)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 50 {
			for i, id := range ids {
				if got := tab.ID(i); got != id {
					t.Errorf("row %d: ID %q, want %q", i, got, id)
					return
				}
			}
		}
	}()
	l.Reset()
	add(100, 20000) // grows the shared arena many times
	if err := a.AddLedger(l); err != nil {
		t.Error(err)
	}
	wg.Wait()
	for i := range ids {
		if want := fmt.Sprintf("acct-%06d", i); string(tab.ID(i)) != want || string(ids[i]) != want {
			t.Fatalf("row %d: ID %q (kept %q), want %q", i, tab.ID(i), ids[i], want)
		}
	}
}
