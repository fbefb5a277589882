// Package golden compares a program's output with a file committed beside
// its test, for the module's example programs. After an intended change,
// rewrite the files with
//
//	go test ./examples/NAME -update
//
// and read their diff before committing it.
//
// The package is internal: the module's tests use it.
package golden

import (
	"flag"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files with the current output")

// Check reports a test error showing the difference if got is not the
// content of the file at path; with -update it first writes got there.
func Check(t testing.TB, got []byte, path string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(got), string(want)); diff != "" {
		t.Errorf("output differs from %s (-got +want):\n%s", path, diff)
	}
}
