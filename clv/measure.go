package clv

import (
	"cmp"
	"slices"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/tiering"
)

// ProbabilityActiveSource returns a [tiering.Source] that reads, for each
// account, its probability of being active under the fitted model m, from
// its summary in summaries: a scorecard measure of "is it still buying".
// The probabilities are computed once, here; the source looks them up by
// account ID. An account without a summary has no value, and its measure
// follows the [tiering.Measure]'s Missing policy. The source's name in
// explanations and fingerprints is "clv/probability-active".
//
// A summary that is not valid, or two with the same ID, is an error
// wrapping [ErrInvalid] naming it, as is a model that is not valid.
func ProbabilityActiveSource(m Model, summaries []Summary) (tiering.Source, error) {
	vals, err := perAccount(summaries, func(s Summary) (float64, error) {
		return m.ProbabilityActive(s)
	})
	if err != nil {
		return tiering.Source{}, err
	}
	return lookupSource("clv/probability-active", vals), nil
}

// LifetimeValueSource returns a [tiering.Source] that reads, for each
// account, its lifetime value under the purchase model m and the spend
// model spend, as [LifetimeValue] computes it from its summary with opts:
// a scorecard measure of "what is it worth". The value is the rounded
// amount in opts.Currency, converted to the nearest float64. The values are
// computed once, here; an account without a summary has no value, and its
// measure follows the [tiering.Measure]'s Missing policy. The source's name
// is "clv/lifetime-value".
//
// A summary that is not valid, two with the same ID, a summary whose
// MeanValue is not in opts.Currency, or options or models that are not
// valid are errors wrapping [ErrInvalid].
func LifetimeValueSource(m Model, spend GammaGamma, summaries []Summary, opts ValueOptions) (tiering.Source, error) {
	vals, err := perAccount(summaries, func(s Summary) (float64, error) {
		v, err := LifetimeValue(m, spend, s, opts)
		if err != nil {
			return 0, err
		}
		f, _ := v.Amount().Float64()
		return f, nil
	})
	if err != nil {
		return tiering.Source{}, err
	}
	return lookupSource("clv/lifetime-value", vals), nil
}

// perAccount computes f for every summary, keyed by ID. Summaries are
// checked first, so that the error does not depend on their order: the
// duplicate or the invalid summary with the smallest ID is reported.
func perAccount(summaries []Summary, f func(Summary) (float64, error)) (map[account.ID]float64, error) {
	sorted, err := sortedUnique(summaries)
	if err != nil {
		return nil, err
	}
	vals := make(map[account.ID]float64, len(sorted))
	for _, s := range sorted {
		v, err := f(s)
		if err != nil {
			return nil, err
		}
		vals[s.ID] = v
	}
	return vals, nil
}

// sortedUnique returns the summaries sorted by ID, or an error for an
// account without an ID or two summaries with the same one.
func sortedUnique(summaries []Summary) ([]Summary, error) {
	sorted := slices.Clone(summaries)
	slices.SortFunc(sorted, func(a, b Summary) int { return cmp.Compare(a.ID, b.ID) })
	for i, s := range sorted {
		if s.ID == "" {
			return nil, &account.FieldError{Record: "Summary", Field: "ID", Value: "", Reason: "is required", Err: ErrInvalid}
		}
		if i > 0 && sorted[i-1].ID == s.ID {
			return nil, &account.FieldError{Record: "Summary", ID: string(s.ID), Field: "ID", Value: string(s.ID), Reason: "is repeated", Err: ErrInvalid}
		}
	}
	return sorted, nil
}

func lookupSource(name string, vals map[account.ID]float64) tiering.Source {
	return tiering.Func(name, func(a account.Account) (float64, bool) {
		v, ok := vals[a.ID]
		return v, ok
	})
}
