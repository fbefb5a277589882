package clv_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/clv"
	"github.com/keyaccount/keyaccount/tiering"
)

var measureModel = clv.BGNBD{R: 0.24, Alpha: 4.41, A: 0.79, B: 2.43}

func measureSummaries() []clv.Summary {
	const week = 7 * day
	return []clv.Summary{
		{ID: "B", Unit: clv.UnitWeek, Repeats: 6, Last: 8 * week, Age: 38 * week, MeanValue: account.MustParseMoney("USD 80.00")},
		{ID: "A", Unit: clv.UnitWeek, Repeats: 6, Last: 36 * week, Age: 38 * week, MeanValue: account.MustParseMoney("USD 20.00")},
		{ID: "C", Unit: clv.UnitWeek, Age: 30 * week},
	}
}

func measureAccounts(ids ...account.ID) []account.Account {
	out := make([]account.Account, len(ids))
	for i, id := range ids {
		out[i] = account.Account{ID: id, Name: "Account " + string(id)}
	}
	return out
}

// rawValues scores the accounts on the one measure and returns each
// account's raw value and handling.
func rawValues(t *testing.T, src tiering.Source, missing tiering.MissingPolicy, ids ...account.ID) (map[account.ID]float64, map[account.ID]tiering.Handling, error) {
	t.Helper()
	card := tiering.Scorecard{Name: "clv", Measures: []tiering.Measure{
		{Name: "m", Weight: 1, Source: src, Normalisation: tiering.NormalisationMinMax, Missing: missing},
	}}
	scores, err := tiering.Score(measureAccounts(ids...), card)
	if err != nil {
		return nil, nil, err
	}
	raw := map[account.ID]float64{}
	handling := map[account.ID]tiering.Handling{}
	for i := range scores.Len() {
		e := scores.Explain(i)
		raw[e.Account] = e.Lines[0].Raw
		handling[e.Account] = e.Lines[0].Handling
	}
	return raw, handling, nil
}

func TestProbabilityActiveSourceValues(t *testing.T) {
	ss := measureSummaries()
	src, err := clv.ProbabilityActiveSource(measureModel, ss)
	if err != nil {
		t.Fatal(err)
	}
	raw, handling, err := rawValues(t, src, tiering.MissingWorst, "A", "B", "C", "D")
	if err != nil {
		t.Fatal(err)
	}
	want := map[account.ID]float64{"D": 0}
	for _, s := range ss {
		p, err := measureModel.ProbabilityActive(s)
		if err != nil {
			t.Fatal(err)
		}
		want[s.ID] = p
	}
	if diff := cmp.Diff(want, raw); diff != "" {
		t.Errorf("raw values (-want +got):\n%s", diff)
	}
	if want[account.ID("C")] != 1 || want[account.ID("B")] >= want[account.ID("A")] {
		t.Errorf("implausible predictions %v", want)
	}
	wantH := map[account.ID]tiering.Handling{"A": tiering.HandlingPresent, "B": tiering.HandlingPresent, "C": tiering.HandlingPresent, "D": tiering.HandlingWorst}
	if diff := cmp.Diff(wantH, handling); diff != "" {
		t.Errorf("handling (-want +got):\n%s", diff)
	}
	if got := src.String(); got != `func "clv/probability-active"` {
		t.Errorf("String() = %q", got)
	}
}

func TestMeasureMissingPolicy(t *testing.T) {
	src, err := clv.ProbabilityActiveSource(measureModel, measureSummaries())
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = rawValues(t, src, tiering.MissingFail, "A", "D")
	var fe *account.FieldError
	if !errors.Is(err, tiering.ErrMissingValue) || !errors.As(err, &fe) || fe.ID != "D" {
		t.Errorf("MissingFail: err = %v, want ErrMissingValue for D", err)
	}
	raw, handling, err := rawValues(t, src, tiering.MissingMedian, "A", "B", "C", "D")
	if err != nil {
		t.Fatal(err)
	}
	if handling["D"] != tiering.HandlingMedian || raw["D"] != raw["A"] {
		t.Errorf("MissingMedian: D handled %v with %v, want the median %v", handling["D"], raw["D"], raw["A"])
	}
	_, handling, err = rawValues(t, src, tiering.MissingDrop, "A", "D")
	if err != nil {
		t.Fatal(err)
	}
	if handling["D"] != tiering.HandlingDropped || handling["A"] != tiering.HandlingPresent {
		t.Errorf("MissingDrop: handling %v", handling)
	}
}

func TestLifetimeValueSourceValues(t *testing.T) {
	ss := measureSummaries()
	spend := clv.GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44}
	opts := clv.ValueOptions{Horizon: 365 * day, AnnualDiscount: decimal.RequireFromString("0.1"), Currency: "USD"}
	src, err := clv.LifetimeValueSource(measureModel, spend, ss, opts)
	if err != nil {
		t.Fatal(err)
	}
	raw, _, err := rawValues(t, src, tiering.MissingWorst, "A", "B", "C")
	if err != nil {
		t.Fatal(err)
	}
	want := map[account.ID]float64{}
	for _, s := range ss {
		v, err := clv.LifetimeValue(measureModel, spend, s, opts)
		if err != nil {
			t.Fatal(err)
		}
		want[s.ID], _ = v.Amount().Float64()
		if want[s.ID] <= 0 {
			t.Errorf("%s: lifetime value %v, want more than 0", s.ID, v)
		}
	}
	if diff := cmp.Diff(want, raw); diff != "" {
		t.Errorf("raw values (-want +got):\n%s", diff)
	}
	if got := src.String(); got != `func "clv/lifetime-value"` {
		t.Errorf("String() = %q", got)
	}
	opts.Currency = "EUR"
	_, err = clv.LifetimeValueSource(measureModel, spend, ss, opts)
	if !errors.Is(err, clv.ErrInvalid) {
		t.Errorf("MeanValue in USD, result in EUR: err = %v, want ErrInvalid", err)
	}
	opts.Currency, opts.Horizon = "USD", 0
	if _, err := clv.LifetimeValueSource(measureModel, spend, ss, opts); !errors.Is(err, clv.ErrInvalid) {
		t.Errorf("zero horizon: err = %v, want ErrInvalid", err)
	}
}

func TestMeasureSourceErrors(t *testing.T) {
	dup := append(measureSummaries(), clv.Summary{ID: "A", Unit: clv.UnitWeek, Age: time.Hour})
	noID := append(measureSummaries(), clv.Summary{Unit: clv.UnitWeek, Age: time.Hour})
	bad := append(measureSummaries(), clv.Summary{ID: "Z", Unit: clv.UnitWeek, Repeats: -1, Age: time.Hour})
	for _, tc := range []struct {
		name  string
		m     clv.Model
		ss    []clv.Summary
		field string
	}{
		{"duplicate ID", measureModel, dup, "ID"},
		{"no ID", measureModel, noID, "ID"},
		{"invalid summary", measureModel, bad, "Repeats"},
		{"invalid model", clv.BGNBD{R: -1, Alpha: 1, A: 1, B: 1}, measureSummaries(), "R"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := clv.ProbabilityActiveSource(tc.m, tc.ss)
			if !errors.Is(err, clv.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			var fe *account.FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field {
				t.Errorf("err = %v, want a FieldError on %s", err, tc.field)
			}
			_, err2 := clv.LifetimeValueSource(tc.m, clv.GammaGamma{P: 1, Q: 2, Gamma: 3}, tc.ss, clv.ValueOptions{Horizon: day, Currency: "USD"})
			if !errors.Is(err2, clv.ErrInvalid) {
				t.Errorf("LifetimeValueSource: err = %v, want ErrInvalid", err2)
			}
		})
	}
}
