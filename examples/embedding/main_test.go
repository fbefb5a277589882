package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keyaccount/keyaccount/internal/golden"
)

// The program runs end to end on its fixed data and prints what the
// golden file holds: segments, scores, tiers, owners, loads and gaps.
func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := report(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, out.Bytes(), filepath.Join("testdata", "output.golden"))
}

// The same data gives the same report on every run: nothing depends on map
// order or the clock.
func TestRunDeterministic(t *testing.T) {
	var first bytes.Buffer
	if err := report(context.Background(), &first); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		var again bytes.Buffer
		if err := report(context.Background(), &again); err != nil {
			t.Fatal(err)
		}
		if again.String() != first.String() {
			t.Fatalf("runs differ:\n%s", cmp.Diff(again.String(), first.String()))
		}
	}
}
