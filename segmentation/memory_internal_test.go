package segmentation

import (
	"fmt"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
)

// The dictionary's hash table is kept at most three quarters full, not
// half: 6,000 IDs take 8,192 slots (16 bytes each), not 16,384.
func TestDictLoad(t *testing.T) {
	d := newDict(8)
	for i := range 6000 {
		codeOf(d, fmt.Sprintf("A%05d", i))
	}
	if got := len(d.slots); got != 8192 {
		t.Errorf("6000 IDs: %d slots, want 8192", got)
	}
	codeOf(d, "one more: 6001 > 0.75·8192? no") // 6001 ≤ 6144
	if got := len(d.slots); got != 8192 {
		t.Errorf("6001 IDs: %d slots, want 8192", got)
	}
	for i := range 143 {
		codeOf(d, fmt.Sprintf("B%05d", i))
	}
	if got := len(d.slots); got != 8192 { // exactly three quarters full
		t.Errorf("6144 IDs: %d slots, want 8192", got)
	}
	codeOf(d, "B00143")
	if got := len(d.slots); got != 16384 {
		t.Errorf("6145 IDs: %d slots, want 16384", got)
	}
	for i := range 6000 { // every ID still found, with its code
		if c := lookup(d, fmt.Sprintf("A%05d", i)); c != int32(i) {
			t.Fatalf("A%05d: code %d, want %d", i, c, i)
		}
	}
}

// Merging two aggregates reserves exactly the room the merged one needs:
// the entries and the dictionary's arrays are not doubled past it (as
// merging the aggregates of two workers of examples/rfm did, at 10
// million accounts).
func TestMergeReservesExactly(t *testing.T) {
	part := func(prefix string, n int) *Aggregator {
		txs := make([]account.Transaction, n)
		for i := range txs {
			txs[i] = account.Transaction{ID: account.TransactionID(fmt.Sprint(prefix, i)), Account: account.ID(fmt.Sprintf("%s%05d", prefix, i)),
				At: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC), Amount: account.MustParseMoney("NZD 1.00"), Kind: account.TransactionRevenue}
		}
		a, err := AggregateSlice(txs, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	a, b := part("A", 3100), part("B", 3100)
	n := 6200
	// What the merge may leave: the room a had, or n and a little (the
	// allocator's size class).
	limit := func(before int) int { return max(before, n*21/20) }
	entCap, offsCap, arenaCap := limit(cap(a.ent)), limit(cap(a.d.offs)), max(cap(a.d.arena), 2*len(a.d.arena)*21/20)
	if err := a.Merge(b); err != nil {
		t.Fatal(err)
	}
	if a.Len() != n || a.d.Len() != n {
		t.Fatalf("%d accounts, %d IDs; want %d", a.Len(), a.d.Len(), n)
	}
	if got := len(a.d.slots); got != 16384 {
		t.Errorf("%d slots, want 16384", got)
	}
	if c := cap(a.ent); c > entCap {
		t.Errorf("cap(entries) %d for %d accounts, want at most %d", c, n, entCap)
	}
	if c := cap(a.d.offs); c > offsCap {
		t.Errorf("cap(offsets) %d for %d accounts, want at most %d", c, n, offsCap)
	}
	if c := cap(a.d.arena); c > arenaCap {
		t.Errorf("cap(arena) %d for %d bytes, want at most %d", c, len(a.d.arena), arenaCap)
	}
	// b again: nothing new, nothing grows.
	ent, offs, slots := cap(a.ent), cap(a.d.offs), len(a.d.slots)
	if err := a.Merge(part("B", 3100)); err != nil {
		t.Fatal(err)
	}
	if cap(a.ent) != ent || cap(a.d.offs) != offs || len(a.d.slots) != slots || a.Len() != n {
		t.Errorf("merging known accounts grew the arrays")
	}
}
