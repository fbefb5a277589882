package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/keyaccount/keyaccount/internal/fixture/sample"
	"github.com/keyaccount/keyaccount/internal/golden"
)

// The report over the default portfolio, the one the doc comment's command
// line prints, is exactly the golden file. After an intended change, run
//
//	go test ./examples/tiering -update
//
// and read the diff of testdata/default.golden before committing it.
func TestRunGolden(t *testing.T) {
	var out bytes.Buffer
	if err := report(&out, sample.Default()); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, out.Bytes(), filepath.Join("testdata", "default.golden"))
}

func TestRunIsDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := report(&a, sample.Default()); err != nil {
		t.Fatal(err)
	}
	if err := report(&b, sample.Default()); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Error("two runs over the same portfolio print different reports")
	}
	for _, want := range []string{"\nTiers\n", "Re-tiering plan", "Service gaps", "Managers' loads", "accounts change tier", "Assignment:", "Handovers:", "Unplaced:"} {
		if !strings.Contains(a.String(), want) {
			t.Errorf("the report has no %q", want)
		}
	}
}

func TestRunOtherPortfolios(t *testing.T) {
	for _, o := range []sample.Options{{Seed: 2, Accounts: 1, Managers: 1}, {Seed: 3, Accounts: 12, Managers: 4}, {Seed: 4, Accounts: 2000, Managers: 40}} {
		var out bytes.Buffer
		if err := report(&out, sample.New(o)); err != nil {
			t.Errorf("%+v: %v", o, err)
		}
	}
}
