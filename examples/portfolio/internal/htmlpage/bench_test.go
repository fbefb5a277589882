package htmlpage_test

import (
	"io"
	"testing"

	"github.com/keyaccount/keyaccount/examples/portfolio/internal/htmlpage"
)

// BenchmarkWrite writes the report of the browser test: five charts, a table.
func BenchmarkWrite(b *testing.B) {
	p := portfolioPage(b)
	for b.Loop() {
		if err := htmlpage.Write(io.Discard, p); err != nil {
			b.Fatal(err)
		}
	}
}
