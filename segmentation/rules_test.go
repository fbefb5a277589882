package segmentation_test

import (
	"errors"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
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

// A table of more than 255 segments (K = 7, one segment per cell: 343)
// labels every account with its own cell's segment, in the rows and in
// the summary.
func TestManySegments(t *testing.T) {
	const k = 7
	var rules []segmentation.Rule
	for r := 1; r <= k; r++ {
		for f := 1; f <= k; f++ {
			for m := 1; m <= k; m++ {
				rules = append(rules, segmentation.Rule{Segment: fmt.Sprintf("R%dF%dM%d", r, f, m),
					R: segmentation.Just(r), F: segmentation.Just(f), M: segmentation.Just(m)})
			}
		}
	}
	tab := segmentation.RuleTable{K: k, Rules: rules}
	if err := tab.Validate(); err != nil {
		t.Fatal(err)
	}
	// 343 accounts whose recency, frequency and monetary ranks are
	// unrelated, so that they fall in many cells, high ones included.
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var txs []account.Transaction
	for i := range 343 {
		id := account.ID(fmt.Sprintf("A%03d", i))
		for j := range 1 + i*5%11 {
			txs = append(txs, account.Transaction{ID: account.TransactionID(fmt.Sprint(id, "-", j)), Account: id,
				At: at.AddDate(0, 0, -(i*7%13)-j), Amount: usd(fmt.Sprint(1 + i*31%97)), Kind: account.TransactionRevenue})
		}
	}
	a, err := segmentation.AggregateSlice(txs, segmentation.Options{AsOf: at})
	if err != nil {
		t.Fatal(err)
	}
	scored, err := segmentation.Score(a, segmentation.Scoring{K: k, Segments: tab})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	high := 0
	for _, r := range scored.All() {
		want := fmt.Sprintf("R%dF%dM%d", r.R, r.F, r.M)
		if r.Segment != want {
			t.Errorf("%s: segment %q, want %q", r.Account, r.Segment, want)
		}
		counts[want]++
		if r.R == k {
			high++ // a cell past the 255th
		}
	}
	if high == 0 {
		t.Fatal("no account in a cell past the 255th: the test proves nothing")
	}
	for _, s := range scored.Summary() {
		if s.Accounts != counts[s.Segment] {
			t.Errorf("summary: segment %q has %d accounts, want %d", s.Segment, s.Accounts, counts[s.Segment])
		}
	}
}

// More distinct segment names than a table can index is a FieldError,
// reported before the cells are walked.
func TestTooManySegments(t *testing.T) {
	const k = 41 // 68921 cells
	var rules []segmentation.Rule
	for i := range 65536 {
		r, f, m := i/(k*k)+1, i/k%k+1, i%k+1
		rules = append(rules, segmentation.Rule{Segment: fmt.Sprint("S", i), R: segmentation.Just(r), F: segmentation.Just(f), M: segmentation.Just(m)})
	}
	rules = append(rules, segmentation.Rule{Segment: "rest"})
	for _, err := range []error{
		segmentation.RuleTable{K: k, Rules: rules}.Validate(),
		segmentation.Scoring{K: k, Segments: segmentation.RuleTable{K: k, Rules: rules}}.Validate(),
	} {
		wantField(t, "65536 segments", err, account.FieldError{Record: "RuleTable", Field: "Rules", Err: segmentation.ErrInvalid})
	}
}
