package chart_test

import (
	"testing"

	"github.com/keyaccount/keyaccount/internal/golden"
)

// TestGolden compares each chart of valid() with its SVG under testdata:
// the layout (margins, legend column, bar widths, label places) and the bytes
// gonum writes are pinned, so that a change shows as a diff to read (and to
// look at in a browser) before it is committed with -update.
func TestGolden(t *testing.T) {
	for _, c := range valid() {
		t.Run(typeName(c), func(t *testing.T) {
			_, svg := mustDraw(t, c)
			golden.Check(t, svg, "testdata/"+typeName(c)+".svg")
		})
	}
}
