package tiering

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/keyaccount/keyaccount/account"
)

// Len returns the number of accounts scored.
func (s *Scores) Len() int { return len(s.accounts) }

// ID returns the ID of account i.
func (s *Scores) ID(i int) account.ID { return s.accounts[i].ID }

// Account returns account i as given to [Score].
func (s *Scores) Account(i int) account.Account { return s.accounts[i] }

// Total returns the total score of account i, from 0 to [MaxPoints].
func (s *Scores) Total(i int) Points { return Points(s.total[i]) }

// Index returns the number of the account with the given ID, and whether
// there is one. The first call builds an index of the IDs.
func (s *Scores) Index(id account.ID) (int, bool) {
	s.indexOnce.Do(func() {
		s.index = make(map[account.ID]int32, len(s.accounts))
		for i := range s.accounts {
			s.index[s.accounts[i].ID] = int32(i)
		}
	})
	i, ok := s.index[id]
	return int(i), ok
}

// locate returns the scorecard run of account i and its member number.
func (s *Scores) locate(i int) (*cardRun, int) {
	if s.card == nil {
		return &s.runs[0], i
	}
	return &s.runs[s.card[i]], int(s.local[i])
}

// Scorecard returns the name of the scorecard that scored account i.
func (s *Scores) Scorecard(i int) string {
	r, _ := s.locate(i)
	return r.card.Name
}

// Explain returns the explanation of account i's score: each measure's raw
// value, normalised value, weight, effective weight and points, and how a
// missing value was handled. It is built on demand from compact results, so
// scoring a large portfolio does not hold an explanation per account; for
// [Func] sources it calls the function again.
func (s *Scores) Explain(i int) Explanation {
	r, j := s.locate(i)
	ms := r.card.Measures
	norm := make([]float64, len(ms))
	how := make([]Handling, len(ms))
	for k := range ms {
		norm[k], how[k] = r.norm[k][j], r.how[k][j]
	}
	points := make([]Points, len(ms))
	total, coverage := apportion(r.weights, norm, how, points)
	var active float64
	for k, m := range ms {
		if how[k] != HandlingDropped {
			active += m.Weight
		}
	}
	e := Explanation{Account: s.accounts[i].ID, Scorecard: r.card.Name, Total: total, Coverage: coverage, Lines: make([]Line, len(ms))}
	for k, m := range ms {
		l := Line{Measure: m.Name, Source: m.Source.String(), Handling: how[k], Normalised: norm[k], Weight: m.Weight, Points: points[k]}
		switch how[k] {
		case HandlingPresent:
			l.Raw, _, _ = m.Source.value(&s.accounts[i])
		case HandlingMedian:
			l.Raw = r.stats[k].median
		}
		if how[k] != HandlingDropped && active > 0 {
			l.EffectiveWeight = m.Weight / active
		}
		e.Lines[k] = l
	}
	return e
}

// An Explanation says how an account's score was made. Its lines' Points
// add up to Total exactly. The zero Explanation explains nothing: it has
// no account and no lines.
type Explanation struct {
	Account   account.ID // the account explained
	Scorecard string     // the name of the scorecard that scored the account
	Total     Points     // the account's total score: the sum of the lines' Points

	// Coverage is the share of the scorecard's weight whose measures had a
	// value for the account, from 0 to 1: imputed, worst-scored and dropped
	// measures do not count.
	Coverage float64

	Lines []Line // one per measure, in the scorecard's order
}

// A Line is one measure's part in an [Explanation]. The zero Line is a
// measure with no name that contributed nothing.
type Line struct {
	Measure string // the measure's name
	Source  string // the measure's source, such as `attribute "employees"`

	// Raw is the raw value: the account's own when Handling is HandlingPresent,
	// the portfolio median when it is HandlingMedian, and 0 otherwise.
	Raw float64

	// Normalised is the value in [0, 1] after normalisation and direction:
	// 1 is best. It is 0 for a worst-scored or dropped measure.
	Normalised float64

	Weight float64 // the weight in the scorecard

	// EffectiveWeight is the share of the total the measure could give:
	// its weight divided by the weights of the measures not dropped for
	// this account. It is 0 for a dropped measure; the effective weights
	// of an explanation add up to 1 (up to float rounding).
	EffectiveWeight float64

	Points   Points   // the points the measure contributed
	Handling Handling // whether the account had a value, and if not, how it was handled
}

// String formats e as a small table, one line per measure, such as
//
//	acme (scorecard "external"): 73.45 points, coverage 100%
//	measure  raw    normalised  weight  effective  points  value
//	revenue  1e+06  0.8         40      0.4        32.00   present
//	...
func (e Explanation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (scorecard %q): %s points, coverage %s\n", e.Account, e.Scorecard, e.Total, percent(e.Coverage))
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "measure\traw\tnormalised\tweight\teffective\tpoints\tvalue")
	for _, l := range e.Lines {
		raw := formatRaw(l.Raw)
		if l.Handling == HandlingWorst || l.Handling == HandlingDropped {
			raw = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%.4f\t%s\t%.4f\t%s\t%s\n", l.Measure, raw, l.Normalised, formatFloat(l.Weight), l.EffectiveWeight, l.Points, l.Handling)
	}
	tw.Flush()
	return b.String()
}

// formatRaw formats a raw value for reading: plain decimals, as short as
// reads back exactly, with an exponent only for very large or small values.
func formatRaw(x float64) string {
	if a := math.Abs(x); a == 0 || (a >= 1e-4 && a < 1e21) {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// percent formats a share from 0 to 1 as a percentage with up to one
// decimal, such as "87.5%".
func percent(x float64) string {
	s := fmt.Sprintf("%.1f", x*100)
	s = strings.TrimSuffix(s, ".0")
	return s + "%"
}
