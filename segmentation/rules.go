package segmentation

import (
	"fmt"
	"math"
	"strconv"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/enum"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// A Range is an inclusive range of scores, Min to Max. A zero bound is open:
// Min 0 means from the lowest score, Max 0 up to the highest, so the zero
// Range matches every score.
type Range struct {
	Min int // the lowest score in the range; 0 means the lowest there is
	Max int // the highest score in the range; 0 means the highest there is
}

// Between returns the Range lo..hi.
func Between(lo, hi int) Range { return Range{Min: lo, Max: hi} }

// Just returns the Range of the single score s.
func Just(s int) Range { return Range{Min: s, Max: s} }

// contains reports whether s is in r, with open bounds at lo and hi.
func (r Range) contains(s int) bool {
	return (r.Min == 0 || s >= r.Min) && (r.Max == 0 || s <= r.Max)
}

// String returns "any", "3" or "2-4".
func (r Range) String() string {
	switch {
	case r.Min == 0 && r.Max == 0:
		return "any"
	case r.Min == r.Max:
		return strconv.Itoa(r.Min)
	case r.Min == 0:
		return "up to " + strconv.Itoa(r.Max)
	case r.Max == 0:
		return strconv.Itoa(r.Min) + " or more"
	}
	return strconv.Itoa(r.Min) + "-" + strconv.Itoa(r.Max)
}

// A Rule assigns the cells whose scores lie in all its ranges to a segment.
// The zero Rule matches every cell but names no segment, which
// [RuleTable.Validate] rejects.
//
// FMSum bounds the sum F+M (2 to 2k). Published segment tables often state
// a condition on the average of F and M ("(F+M)/2 from 4 to 5"): that is
// FMSum from 8 to 10.
type Rule struct {
	Segment string // the segment's name, such as "Champions"
	R       Range  // the recency scores matched
	F       Range  // the frequency scores matched
	M       Range  // the monetary scores matched
	FMSum   Range  // the sums F+M matched
}

func (r Rule) matches(c Cell) bool {
	return r.R.contains(c.R) && r.F.contains(c.F) && r.M.contains(c.M) && r.FMSum.contains(c.F+c.M)
}

// A Cell is one combination of scores. The zero Cell is not a cell of any
// table (scores start at 1).
type Cell struct {
	R int // the recency score
	F int // the frequency score
	M int // the monetary score
}

// String returns the cell as the usual three digits, such as "R5 F4 M3".
func (c Cell) String() string { return fmt.Sprintf("R%d F%d M%d", c.R, c.F, c.M) }

// A RuleTable maps score cells to named segments: the first rule that
// matches a cell names its segment.
//
// A table used by [Score] should pass [RuleTable.Validate], which requires
// every one of the K³ cells to be matched by exactly one rule: then the
// order of the rules does not matter. A table that fails it still assigns
// by first match, and a cell that no rule matches gets no segment ("").
//
// A table may name at most 65535 distinct segments.
//
// The zero RuleTable has no rules and assigns no segments.
type RuleTable struct {
	K     int    // scores per dimension; 0 means 5
	Rules []Rule // tried in order; the first match names the segment
}

func (t RuleTable) k() int {
	if t.K == 0 {
		return 5
	}
	return t.K
}

// Problem says what is wrong with a rule table. The zero Problem is not a
// problem.
type Problem uint8

// The problems [RuleTable.Validate] reports.
const (
	ProblemUnmatched Problem = iota + 1 // a cell no rule matches
	ProblemShadowed                     // a rule every cell of which an earlier rule already matches
	ProblemOverlap                      // a cell that two rules match
	ProblemBadRule                      // a rule with no name or a range outside 1..K
)

var problemNames = enum.New("Problem", map[Problem]string{
	ProblemUnmatched: "unmatched cell",
	ProblemShadowed:  "shadowed rule",
	ProblemOverlap:   "overlap",
	ProblemBadRule:   "bad rule",
})

// String returns a name such as "shadowed rule".
func (p Problem) String() string { return problemNames.String(p) }

// MarshalText returns the Problem's name, as String does; an unknown value is
// an error wrapping [ErrInvalid].
// The zero Problem is the exception: it is the empty text, unset.
func (p Problem) MarshalText() ([]byte, error) { return problemNames.MarshalText(p, ErrInvalid) }

// UnmarshalText parses a name written by [Problem.MarshalText]; an unknown
// name is an error wrapping [ErrInvalid].
// The empty text is the zero Problem.
func (p *Problem) UnmarshalText(text []byte) error {
	v, err := problemNames.UnmarshalText(text, ErrInvalid)
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// A RuleError reports one problem with a rule table, naming the first
// offending cell in the order R, then F, then M ascending: it carries the
// cells and rule indexes that one field error cannot. It wraps
// [ErrInvalid].
type RuleError struct {
	Problem Problem // what is wrong
	Cell    Cell    // the first offending cell (zero for ProblemBadRule)
	Rule    int     // index of the rule at fault (-1 for ProblemUnmatched)
	Earlier int     // for ProblemShadowed and ProblemOverlap: index of an earlier rule matching Cell
	Segment string  // the segment of Rule, if any
	Count   int     // ProblemUnmatched: how many cells are unmatched; ProblemOverlap: how many cells the two rules share
	Reason  string  // ProblemBadRule: what is wrong
}

// Error returns a description such as
//
//	segmentation: rule 3 ("Loyal"): overlap with rule 1 at R5 F4 M3 (2 cells)
//
// with the segment name quoted to at most 64 bytes.
func (e *RuleError) Error() string {
	rule := "segmentation: rule " + strconv.Itoa(e.Rule) + " (" + fault.Quote(e.Segment) + "): "
	switch e.Problem {
	case ProblemUnmatched:
		return fmt.Sprintf("segmentation: rule table: no rule matches %v (%d cells unmatched)", e.Cell, e.Count)
	case ProblemShadowed:
		return rule + fmt.Sprintf("shadowed: rule %d already matches its first cell %v and all its others", e.Earlier, e.Cell)
	case ProblemOverlap:
		return rule + fmt.Sprintf("overlap with rule %d at %v (%d cells)", e.Earlier, e.Cell, e.Count)
	}
	return rule + e.Reason
}

// Unwrap returns [ErrInvalid].
func (e *RuleError) Unwrap() error { return ErrInvalid }

// maxK bounds K so that K³ cells stay small.
const maxK = 100

// maxSegments bounds the distinct segment names of a rule table: a
// [Table] holds each account's segment as a 16-bit index.
const maxSegments = math.MaxUint16

// Validate walks all K³ cells and reports, joined in a list capped at 100
// errors (then "and N more errors"), a [*RuleError] for: each rule with an empty name or a range outside 1..K
// (then nothing else is checked); the unmatched cells (one error, naming
// the first and counting them); each rule shadowed by earlier ones; and
// each pair of rules that overlap (naming the first shared cell). nil
// means every cell is matched by exactly one rule.
//
// A K outside 1..100, and more than 65535 distinct segment names, are an
// [*account.FieldError] (Record "RuleTable", reported alone). All errors
// wrap [ErrInvalid].
func (t RuleTable) Validate() error {
	errs, field := t.problems()
	if field != nil {
		return field
	}
	var l fault.List
	for _, e := range errs {
		l.Add(e)
	}
	return l.Err()
}

// problems returns the error of a K outside 1..100 or of too many segment
// names, or else the table's rule problems in the order Validate reports
// them.
func (t RuleTable) problems() ([]*RuleError, error) {
	k := t.k()
	if k < 1 || k > maxK {
		return nil, &account.FieldError{Record: "RuleTable", Field: "K", Value: t.K, Reason: "must be from 1 to " + strconv.Itoa(maxK), Err: ErrInvalid}
	}
	var errs []*RuleError
	for i, r := range t.Rules {
		bad := func(reason string) {
			errs = append(errs, &RuleError{Problem: ProblemBadRule, Rule: i, Earlier: -1, Segment: r.Segment, Reason: reason})
		}
		if r.Segment == "" {
			bad("has no segment name")
		}
		for _, x := range []struct {
			name   string
			r      Range
			lo, hi int
		}{{"R", r.R, 1, k}, {"F", r.F, 1, k}, {"M", r.M, 1, k}, {"FMSum", r.FMSum, 2, 2 * k}} {
			if x.r.Min < 0 || x.r.Max < 0 || x.r.Min > x.hi || x.r.Max > x.hi || (x.r.Min != 0 && x.r.Min < x.lo) ||
				(x.r.Max != 0 && x.r.Max < x.lo) || (x.r.Max != 0 && x.r.Min > x.r.Max) {
				bad(fmt.Sprintf("%s range %d-%d is outside %d..%d or reversed", x.name, x.r.Min, x.r.Max, x.lo, x.hi))
			}
		}
	}
	if len(errs) > 0 {
		return errs, nil
	}
	if names := len(t.Segments()); names > maxSegments {
		return nil, &account.FieldError{Record: "RuleTable", Field: "Rules", Value: names, Reason: "distinct segment names, more than the " + strconv.Itoa(maxSegments) + " a table can hold", Err: ErrInvalid}
	}
	n := len(t.Rules)
	first := make([]int, k*k*k) // first matching rule per cell, -1 for none
	unmatched, firstUnmatched := 0, Cell{}
	matchedAlone := make([]bool, n) // the rule is the first match of some cell
	firstCell := make([]Cell, n)
	hasCell := make([]bool, n)
	type pair struct{ a, b int }
	overlaps := map[pair]*RuleError{}
	var overlapOrder []pair
	idx := 0
	for r := 1; r <= k; r++ {
		for f := 1; f <= k; f++ {
			for m := 1; m <= k; m++ {
				c := Cell{r, f, m}
				first[idx] = -1
				for i, rule := range t.Rules {
					if !rule.matches(c) {
						continue
					}
					if !hasCell[i] {
						hasCell[i], firstCell[i] = true, c
					}
					if first[idx] < 0 {
						first[idx] = i
						matchedAlone[i] = true
						continue
					}
					p := pair{first[idx], i}
					if e, ok := overlaps[p]; ok {
						e.Count++
					} else {
						overlaps[p] = &RuleError{Problem: ProblemOverlap, Cell: c, Rule: i, Earlier: first[idx], Segment: rule.Segment, Count: 1}
						overlapOrder = append(overlapOrder, p)
					}
				}
				if first[idx] < 0 {
					if unmatched == 0 {
						firstUnmatched = c
					}
					unmatched++
				}
				idx++
			}
		}
	}
	if unmatched > 0 {
		errs = append(errs, &RuleError{Problem: ProblemUnmatched, Cell: firstUnmatched, Rule: -1, Earlier: -1, Count: unmatched})
	}
	shadowed := make([]bool, n)
	for i, rule := range t.Rules {
		if hasCell[i] && !matchedAlone[i] {
			shadowed[i] = true
			errs = append(errs, &RuleError{Problem: ProblemShadowed, Cell: firstCell[i], Rule: i, Earlier: t.firstMatch(firstCell[i]), Segment: rule.Segment})
		}
		if !hasCell[i] {
			// A rule that matches no cell at all (e.g. FMSum 10 with M 1).
			errs = append(errs, &RuleError{Problem: ProblemBadRule, Rule: i, Earlier: -1, Segment: rule.Segment, Reason: "matches no cell"})
		}
	}
	for _, p := range overlapOrder {
		if !shadowed[p.b] {
			errs = append(errs, overlaps[p])
		}
	}
	return errs, nil
}

// firstMatch returns the index of the first rule matching c, or -1.
func (t RuleTable) firstMatch(c Cell) int {
	for i, r := range t.Rules {
		if r.matches(c) {
			return i
		}
	}
	return -1
}

// Segment returns the segment of the cell (r, f, m): the name of the first
// rule that matches it, or "" and false if none does.
func (t RuleTable) Segment(r, f, m int) (string, bool) {
	if i := t.firstMatch(Cell{r, f, m}); i >= 0 {
		return t.Rules[i].Segment, true
	}
	return "", false
}

// Segments returns the distinct segment names in the order of their first
// rule.
func (t RuleTable) Segments() []string {
	var names []string
	seen := map[string]bool{}
	for _, r := range t.Rules {
		if !seen[r.Segment] {
			seen[r.Segment] = true
			names = append(names, r.Segment)
		}
	}
	return names
}

// lookupTable returns, for every cell (index ((r−1)·k+(f−1))·k+(m−1)), the
// 1-based index of its segment in names, or 0 for no segment.
// names has at most maxSegments entries (see Validate).
func (t RuleTable) lookupTable(names []string) []uint16 {
	k := t.k()
	pos := map[string]uint16{}
	for i, s := range names {
		pos[s] = uint16(i + 1)
	}
	out := make([]uint16, k*k*k)
	idx := 0
	for r := 1; r <= k; r++ {
		for f := 1; f <= k; f++ {
			for m := 1; m <= k; m++ {
				if i := t.firstMatch(Cell{r, f, m}); i >= 0 {
					out[idx] = pos[t.Rules[i].Segment]
				}
				idx++
			}
		}
	}
	return out
}

// The names of the segments of the presets.
const (
	Champions         = "Champions"
	LoyalCustomers    = "Loyal Customers"
	PotentialLoyalist = "Potential Loyalist"
	NewCustomers      = "New Customers"
	Promising         = "Promising"
	NeedAttention     = "Need Attention"
	AboutToSleep      = "About To Sleep"
	AtRisk            = "At Risk"
	CantLoseThem      = "Can't Lose Them"
	Hibernating       = "Hibernating"
	Lost              = "Lost"
)

// ElevenSegments returns the widely used 11-segment map for K = 5, on R and
// the average of F and M.
//
// Sources. The segment names and their ranges are the common RFM segment
// table: R and FM = (F+M)/2 ranges, as in the rfm R package's rfm_segment
// documentation (rdocumentation.org/packages/rfm, topic rfm_segment) and
// the "R" / "F&M" table of docs.churned.io (RFM-Model):
//
//	Champions           R 4-5  FM 4-5
//	Loyal Customers     R 2-5  FM 3-5
//	Potential Loyalist  R 3-5  FM 1-3
//	New Customers       R 4-5  FM ≤1
//	Promising           R 3-4  FM ≤1
//	Need Attention      R 2-3  FM 2-3
//	About To Sleep      R 2-3  FM ≤2
//	At Risk             R ≤2   FM 2-5
//	Can't Lose Them     R ≤1   FM 4-5
//	Hibernating         R 1-2  FM 1-2
//	Lost                R ≤2   FM ≤2
//
// Those ranges overlap, and applied first-match-wins in that order four of
// the eleven segments (New Customers, Promising, Can't Lose Them, Lost)
// never occur. This preset is a partition of all 125 cells built from
// them: where ranges overlap the cell goes to the narrower segment (the one
// with fewer cells; between equally narrow ones, the earlier above); New
// Customers and Promising split R 4-5/3-4 as the R×F grid does (R 5 new,
// R 3-4 promising); and Hibernating and Lost, which the table gives the
// same cells, split so that Lost is the lowest of all (R 1, F 1, M 1). In
// the grid below, FM is (F+M)/2:
//
//	R\FM  1     1.5   2     2.5   3     3.5   4     4.5   5
//	5     New   PotL  PotL  PotL  PotL  Loyal Champ Champ Champ
//	4     Prom  PotL  PotL  PotL  PotL  Loyal Champ Champ Champ
//	3     Prom  Sleep Need  Need  Need  Loyal Loyal Loyal Loyal
//	2     Sleep Sleep Need  Need  Need  Risk  Risk  Risk  Risk
//	1     Lost  Hib   Hib   Risk  Risk  Risk  Can't Can't Can't
func ElevenSegments() RuleTable {
	return RuleTable{K: 5, Rules: []Rule{
		{Segment: Champions, R: Between(4, 5), FMSum: Between(8, 10)},
		{Segment: LoyalCustomers, R: Between(4, 5), FMSum: Just(7)},
		{Segment: LoyalCustomers, R: Just(3), FMSum: Between(7, 10)},
		{Segment: PotentialLoyalist, R: Between(4, 5), FMSum: Between(3, 6)},
		{Segment: NewCustomers, R: Just(5), FMSum: Just(2)},
		{Segment: Promising, R: Between(3, 4), FMSum: Just(2)},
		{Segment: NeedAttention, R: Between(2, 3), FMSum: Between(4, 6)},
		{Segment: AboutToSleep, R: Just(3), FMSum: Just(3)},
		{Segment: AboutToSleep, R: Just(2), FMSum: Between(2, 3)},
		{Segment: AtRisk, R: Just(2), FMSum: Between(7, 10)},
		{Segment: AtRisk, R: Just(1), FMSum: Between(5, 7)},
		{Segment: CantLoseThem, R: Just(1), FMSum: Between(8, 10)},
		{Segment: Hibernating, R: Just(1), FMSum: Between(3, 4)},
		{Segment: Lost, R: Just(1), FMSum: Just(2)},
	}}
}

// RFGrid returns the R×F grid variant for K = 5: segments by recency and
// frequency only (M is ignored), as the widely used "seg_map" of R and F
// score patterns defines them (for example, in many pandas RFM notebooks:
// '[1-2][1-2]' hibernating, '[1-2][3-4]' at risk, '[1-2]5' can't lose,
// '3[1-2]' about to sleep, '33' need attention, '[3-4][4-5]' loyal, '41'
// promising, '51' new, '[4-5][2-3]' potential loyalists, '5[4-5]'
// champions). It has ten segments (no Lost) and is a partition of the grid:
//
//	R\F  1     2     3     4      5
//	5    New   PotL  PotL  Champ  Champ
//	4    Prom  PotL  PotL  Loyal  Loyal
//	3    Sleep Sleep Need  Loyal  Loyal
//	2    Hib   Hib   Risk  Risk   Can't
//	1    Hib   Hib   Risk  Risk   Can't
func RFGrid() RuleTable {
	return RuleTable{K: 5, Rules: []Rule{
		{Segment: Hibernating, R: Between(1, 2), F: Between(1, 2)},
		{Segment: AtRisk, R: Between(1, 2), F: Between(3, 4)},
		{Segment: CantLoseThem, R: Between(1, 2), F: Just(5)},
		{Segment: AboutToSleep, R: Just(3), F: Between(1, 2)},
		{Segment: NeedAttention, R: Just(3), F: Just(3)},
		{Segment: LoyalCustomers, R: Between(3, 4), F: Between(4, 5)},
		{Segment: Promising, R: Just(4), F: Just(1)},
		{Segment: NewCustomers, R: Just(5), F: Just(1)},
		{Segment: PotentialLoyalist, R: Between(4, 5), F: Between(2, 3)},
		{Segment: Champions, R: Just(5), F: Between(4, 5)},
	}}
}
