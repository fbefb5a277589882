package segmentation_test

import (
	"errors"
	"fmt"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/segmentation"
)

func TestPresetsValidate(t *testing.T) {
	for name, c := range map[string]struct {
		tab      segmentation.RuleTable
		segments int
	}{"ElevenSegments": {segmentation.ElevenSegments(), 11}, "RFGrid": {segmentation.RFGrid(), 10}} {
		if err := c.tab.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if got := len(c.tab.Segments()); got != c.segments {
			t.Errorf("%s: %d segments, want %d", name, got, c.segments)
		}
	}
}

// The 11-segment preset is the published table (R and FM = (F+M)/2
// ranges) with overlaps given to the narrower segment (ties: the earlier
// in the table), except the two splits the preset documents.
func TestElevenSegmentsFollowsPublishedTable(t *testing.T) {
	type std struct {
		name           string
		rlo, rhi       int
		fmlo, fmhi     float64
		cellsInRFMGrid int
	}
	table := []std{
		{segmentation.Champions, 4, 5, 4, 5, 0},
		{segmentation.LoyalCustomers, 2, 5, 3, 5, 0},
		{segmentation.PotentialLoyalist, 3, 5, 1, 3, 0},
		{segmentation.NewCustomers, 4, 5, 0, 1, 0},
		{segmentation.Promising, 3, 4, 0, 1, 0},
		{segmentation.NeedAttention, 2, 3, 2, 3, 0},
		{segmentation.AboutToSleep, 2, 3, 0, 2, 0},
		{segmentation.AtRisk, 0, 2, 2, 5, 0},
		{segmentation.CantLoseThem, 0, 1, 4, 5, 0},
		{segmentation.Hibernating, 1, 2, 1, 2, 0},
		{segmentation.Lost, 0, 2, 0, 2, 0},
	}
	match := func(s std, r int, fm float64) bool { return r >= s.rlo && r <= s.rhi && fm >= s.fmlo && fm <= s.fmhi }
	// Size of each segment on the R × FM grid (FM in steps of 0.5).
	for i := range table {
		for r := 1; r <= 5; r++ {
			for sum := 2; sum <= 10; sum++ {
				if match(table[i], r, float64(sum)/2) {
					table[i].cellsInRFMGrid++
				}
			}
		}
	}
	preset := segmentation.ElevenSegments()
	for r := 1; r <= 5; r++ {
		for f := 1; f <= 5; f++ {
			for m := 1; m <= 5; m++ {
				fm := float64(f+m) / 2
				best := -1
				for i, s := range table {
					if match(s, r, fm) && (best < 0 || s.cellsInRFMGrid < table[best].cellsInRFMGrid) {
						best = i
					}
				}
				want := table[best].name
				switch {
				case r == 4 && f+m == 2:
					want = segmentation.Promising // as the R×F grid: R 5 new, R 3-4 promising
				case r == 1 && f+m == 2:
					want = segmentation.Lost // the lowest of all
				}
				if got, _ := preset.Segment(r, f, m); got != want {
					t.Errorf("R%d F%d M%d: %q, want %q", r, f, m, got, want)
				}
			}
		}
	}
}

// The R×F grid is the widely used regular-expression map over "RF".
func TestRFGridFollowsSegMap(t *testing.T) {
	segMap := []struct{ re, name string }{
		{`[1-2][1-2]`, segmentation.Hibernating},
		{`[1-2][3-4]`, segmentation.AtRisk},
		{`[1-2]5`, segmentation.CantLoseThem},
		{`3[1-2]`, segmentation.AboutToSleep},
		{`33`, segmentation.NeedAttention},
		{`[3-4][4-5]`, segmentation.LoyalCustomers},
		{`41`, segmentation.Promising},
		{`51`, segmentation.NewCustomers},
		{`[4-5][2-3]`, segmentation.PotentialLoyalist},
		{`5[4-5]`, segmentation.Champions},
	}
	grid := segmentation.RFGrid()
	for r := 1; r <= 5; r++ {
		for f := 1; f <= 5; f++ {
			rf := fmt.Sprintf("%d%d", r, f)
			var want string
			for _, s := range segMap {
				if regexp.MustCompile("^" + s.re + "$").MatchString(rf) {
					want = s.name
				}
			}
			for m := 1; m <= 5; m++ {
				if got, _ := grid.Segment(r, f, m); got != want {
					t.Errorf("RF %s M%d: %q, want %q", rf, m, got, want)
				}
			}
		}
	}
}

func TestValidateReportsFirstOffendingCell(t *testing.T) {
	rules := func(rs ...segmentation.Rule) segmentation.RuleTable { return segmentation.RuleTable{K: 3, Rules: rs} }
	all := func(p []error) []string {
		var s []string
		for _, e := range p {
			var re *segmentation.RuleError
			if errors.As(e, &re) {
				s = append(s, fmt.Sprintf("%v rule %d earlier %d cell %v count %d", re.Problem, re.Rule, re.Earlier, re.Cell, re.Count))
			} else {
				s = append(s, e.Error())
			}
		}
		return s
	}
	unwrap := func(err error) []error {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			return j.Unwrap()
		}
		if err == nil {
			return nil
		}
		return []error{err}
	}
	for _, c := range []struct {
		name string
		tab  segmentation.RuleTable
		want []string
	}{
		{"unmatched", rules(
			segmentation.Rule{Segment: "hi", R: segmentation.Between(2, 3)},
			segmentation.Rule{Segment: "lo", R: segmentation.Just(1), F: segmentation.Between(2, 3)},
		), []string{"unmatched cell rule -1 earlier -1 cell R1 F1 M1 count 3"}},
		{"shadowed", rules(
			segmentation.Rule{Segment: "all"},
			segmentation.Rule{Segment: "dead", R: segmentation.Just(2), M: segmentation.Just(3)},
		), []string{"shadowed rule rule 1 earlier 0 cell R2 F1 M3 count 0"}},
		{"overlap", rules(
			segmentation.Rule{Segment: "a", R: segmentation.Between(1, 2)},
			segmentation.Rule{Segment: "b", R: segmentation.Between(2, 3), F: segmentation.Between(2, 0)},
			segmentation.Rule{Segment: "c", R: segmentation.Just(3), F: segmentation.Just(1)},
		), []string{"overlap rule 1 earlier 0 cell R2 F2 M1 count 6"}},
		{"bad range", rules(
			segmentation.Rule{Segment: "x", R: segmentation.Between(0, 4)},
		), []string{"bad rule rule 0 earlier -1 cell R0 F0 M0 count 0"}},
	} {
		err := c.tab.Validate()
		if !errors.Is(err, segmentation.ErrInvalid) {
			t.Errorf("%s: Validate() = %v, want ErrInvalid", c.name, err)
			continue
		}
		if diff := cmp.Diff(all(unwrap(err)), c.want); diff != "" {
			t.Errorf("%s (-got +want):\n%s\n%v", c.name, diff, err)
		}
	}
}
