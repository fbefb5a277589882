package pack_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/keyaccount/keyaccount/examples/portfolio/internal/chart"
	"github.com/keyaccount/keyaccount/examples/portfolio/internal/pack"
)

// WriteHTML over the generator's default portfolio: one page, the same
// bytes every time, with the Charts charts, a section per part, times in
// the report's zone and the figures as the text writes them.
func TestWriteHTML(t *testing.T) {
	_, rep := generatedReport(t)
	var a, b bytes.Buffer
	if err := rep.WriteHTML(&a); err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes of one report differ")
	}
	page := a.String()
	if n := strings.Count(page, "<svg"); n != pack.Charts {
		t.Errorf("%d charts, want %d", n, pack.Charts)
	}
	var text bytes.Buffer
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"<h2>Concentration</h2>", "<h2>Re-tiering</h2>", "<h2>Manager assignment</h2>", "<h2>Budgets</h2>",
		"The top 20 of 443 accounts hold 93.0% of revenue.",
		"top 20 of 443 hold 93.0%", // the Pareto chart's mark, from the exact share
		"2026-08-17 12:36 NZST",    // the early warning, in Auckland time
		"Handovers (the first 20 of 51; the text report has them all)",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page has no %q", want)
		}
	}
	if !strings.Contains(text.String(), "2026-08-17 12:36 NZST") {
		t.Error("the text report and the page disagree on the early warning's time")
	}
}

// A report no chart can be drawn from (no value at all: the Pareto curve
// needs one) is an error of package chart, and nothing is written.
func TestWriteHTMLNothingToDraw(t *testing.T) {
	var out bytes.Buffer
	err := (&pack.Report{}).WriteHTML(&out)
	if !errors.Is(err, chart.ErrInvalid) {
		t.Errorf("WriteHTML of an empty report: %v, want chart.ErrInvalid", err)
	}
	if out.Len() != 0 {
		t.Errorf("%d bytes written", out.Len())
	}
}
