package cputime_test

import (
	"runtime"
	"testing"

	"github.com/keyaccount/keyaccount/internal/cputime"
)

// Burning CPU moves the process's CPU time forward.
func TestProcessAdvances(t *testing.T) {
	before, ok := cputime.Process()
	if !ok {
		if runtime.GOOS != "windows" && runtime.GOOS != "plan9" && runtime.GOOS != "js" && runtime.GOOS != "wasip1" {
			t.Fatalf("no CPU time on %s", runtime.GOOS)
		}
		t.Skip("the platform does not report CPU time")
	}
	x := 0
	for i := range 50_000_000 {
		x ^= i * i
	}
	after, _ := cputime.Process()
	if after <= before {
		t.Errorf("CPU time went from %v to %v over a busy loop (%d)", before, after, x)
	}
}
