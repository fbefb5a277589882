package golden_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/keyaccount/keyaccount/internal/golden"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper()                   {}
func (r *recorder) Errorf(f string, a ...any) { r.errors = append(r.errors, f) }

func TestCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.golden")
	if err := os.WriteFile(path, []byte("a\nb\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := &recorder{TB: t}
	golden.Check(r, []byte("a\nb\n"), path)
	if len(r.errors) != 0 {
		t.Errorf("equal output reported: %v", r.errors)
	}
	golden.Check(r, []byte("a\nc\n"), path)
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], "differs") {
		t.Errorf("different output not reported: %v", r.errors)
	}
}
