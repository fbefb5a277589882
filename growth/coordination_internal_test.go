package growth

import (
	"fmt"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
)

// Memory is bounded by the window: a stream of contacts about ever new
// families, an hour apart with a two-hour window, keeps a bounded number
// of runs open however long it is.
func TestCoordinatorRunsBoundedByWindow(t *testing.T) {
	c := coordinator{opts: CoordinationOptions{Window: 2 * time.Hour, MinDivisions: 2}, runs: map[string]*run{}, sweepAt: 16}
	var rep CoordinationReport
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	most := 0
	for i := range 10_000 {
		in := account.Interaction{ID: "i", Account: "a", At: t0.Add(time.Duration(i) * time.Hour), Division: "d", OfferingFamily: fmt.Sprint("f", i), Participants: []string{"p"}}
		c.add(&rep, &in)
		most = max(most, len(c.runs))
	}
	if most > 16 {
		t.Errorf("%d runs open at once; the window holds 3", most)
	}
	if len(rep.Cases) != 0 {
		t.Errorf("one division makes %d cases", len(rep.Cases))
	}
	if len(c.free) > 16 {
		t.Errorf("%d runs kept for reuse", len(c.free))
	}
}
