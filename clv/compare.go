package clv

import (
	"cmp"
	"slices"

	"github.com/shopspring/decimal"
)

// ComparisonRow is one line of the calibration and holdout comparison:
// the accounts with a given number of repeat transactions in the
// calibration period, and their mean repeat transactions in the holdout
// period, actual and predicted.
type ComparisonRow struct {
	// Repeats is the calibration frequency x of the row; in the last row
	// with AndMore set, the least x of the row.
	Repeats int
	// AndMore marks the last row, which holds every x ≥ Repeats.
	AndMore bool
	// Accounts is how many summaries fall in the row.
	Accounts int
	// Actual is the mean of HoldoutRepeats over the row, and Predicted the
	// mean of the expected transactions in each summary's Holdout, both
	// rounded to 4 decimal places (halves to even).
	Actual, Predicted decimal.Decimal
}

// Compare returns the calibration and holdout table of m over summaries
// (Fader, Hardie & Lee 2005, figure 4): one row for each x from 0 to
// maxRepeats−1 that has accounts, and a last row for x ≥ maxRepeats. A
// model to trust predicts each row's mean near its actual mean; a model
// that over-predicts the light buyers and under-predicts the heavy ones
// (or the reverse) has the wrong shape for the data, however good its
// fit. maxRepeats is 1 to 1000; summaries are validated first.
func Compare(m Model, summaries []Summary, maxRepeats int) ([]ComparisonRow, error) {
	if err := checkComparison(m, summaries, maxRepeats); err != nil {
		return nil, err
	}
	n := make([]int, maxRepeats+1)
	actual := make([]int64, maxRepeats+1)
	pred := make([]float64, maxRepeats+1)
	// Sum in a canonical order, so that the input's order cannot change
	// the floating-point sums.
	sorted := slices.Clone(summaries)
	slices.SortFunc(sorted, func(a, b Summary) int {
		return cmp.Or(cmp.Compare(a.Repeats, b.Repeats), cmp.Compare(a.Last, b.Last), cmp.Compare(a.Age, b.Age),
			cmp.Compare(a.Holdout, b.Holdout), cmp.Compare(a.HoldoutRepeats, b.HoldoutRepeats))
	})
	for _, s := range sorted {
		b := min(s.Repeats, maxRepeats)
		e, err := m.ExpectedTransactions(s, s.Holdout)
		if err != nil {
			return nil, err
		}
		n[b]++
		actual[b] += int64(s.HoldoutRepeats)
		pred[b] += e
	}
	var rows []ComparisonRow
	for b, c := range n {
		if c == 0 {
			continue
		}
		rows = append(rows, ComparisonRow{
			Repeats:   b,
			AndMore:   b == maxRepeats,
			Accounts:  c,
			Actual:    decimal.NewFromInt(actual[b]).DivRound(decimal.NewFromInt(int64(c)), 8).RoundBank(4),
			Predicted: decimal.NewFromFloat(pred[b] / float64(c)).RoundBank(4),
		})
	}
	return rows, nil
}
