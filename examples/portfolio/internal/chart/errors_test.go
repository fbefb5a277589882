package chart_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keyaccount/keyaccount/examples/portfolio/internal/chart"
)

// fault is one expected field error: the record, the field and the reason.
type fault struct{ Record, Field, Reason string }

// TestInvalid checks every validated field at both edges of its range: the
// last value accepted draws (TestLimits and the cases with no fault), the
// first value refused is an error naming the field.
func TestInvalid(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tooLong := strings.Repeat("x", chart.MaxText+1)
	tooMany := slices.Repeat([]string{"t"}, chart.MaxCategories+1)
	tooManyV := make([]float64, chart.MaxCategories+1)
	two := []string{"A", "B"}
	for _, tc := range []struct {
		name string
		c    chart.Chart
		want []fault
	}{
		{"pareto ok", chart.Pareto{Values: []float64{0, math.Copysign(0, -1), 1}, Top: 3}, nil},
		{"pareto empty", chart.Pareto{}, []fault{{"Pareto", "Values", "is empty"}}},
		{"pareto negative", chart.Pareto{Values: []float64{1, -1e-300}}, []fault{{"Pareto", "Values[1]", "is below 0"}}},
		{"pareto nan inf", chart.Pareto{Values: []float64{nan, inf, -inf, 1}}, []fault{
			{"Pareto", "Values[0]", "is not a finite number"}, {"Pareto", "Values[1]", "is not a finite number"}, {"Pareto", "Values[2]", "is not a finite number"}}},
		{"pareto top below", chart.Pareto{Values: []float64{1}, Top: -1}, []fault{{"Pareto", "Top", "is not from 0 to 1 (the number of values)"}}},
		{"pareto top above", chart.Pareto{Values: []float64{1, 2}, Top: 3}, []fault{{"Pareto", "Top", "is not from 0 to 2 (the number of values)"}}},
		{"pareto zeros", chart.Pareto{Values: []float64{0, 0}}, []fault{{"Pareto", "Values", "has no positive value"}}},
		{"pareto overflow", chart.Pareto{Values: []float64{math.MaxFloat64, math.MaxFloat64}}, []fault{{"Pareto", "Values", "sums beyond the largest float64"}}},
		{"pareto texts", chart.Pareto{Title: tooLong, TopLabel: "a\x07", Values: []float64{1}}, []fault{
			{"Pareto", "Title", "is longer than 80 bytes"}, {"Pareto", "TopLabel", "holds a character that is not printable"}}},
		{"pareto utf8", chart.Pareto{Title: "a\xffb", Values: []float64{1}}, []fault{{"Pareto", "Title", "is not valid UTF-8"}}},

		{"tiers no tiers", chart.Tiers{}, []fault{{"Tiers", "Tiers", "is empty"}}},
		{"tiers too many", chart.Tiers{Tiers: tooMany, Before: tooManyV, After: tooManyV}, []fault{{"Tiers", "Tiers", "has more than 60 entries"}}},
		{"tiers lengths", chart.Tiers{Tiers: two, Before: []float64{1}, After: []float64{1, 2, 3}}, []fault{
			{"Tiers", "Before", "has 1 entries for 2 labels"}, {"Tiers", "After", "has 3 entries for 2 labels"}}},
		{"tiers values", chart.Tiers{Tiers: []string{"A", ""}, Before: []float64{-1, 0}, After: []float64{0, nan}, YLabel: "\n"}, []fault{
			{"Tiers", "YLabel", "holds a character that is not printable"}, {"Tiers", "Tiers[1]", "is empty"},
			{"Tiers", "Before[0]", "is below 0"}, {"Tiers", "After[1]", "is not a finite number"}}},
		{"tiers series names", chart.Tiers{Tiers: []string{"A"}, Before: []float64{1}, After: []float64{1}, BeforeLabel: tooLong, AfterLabel: "\xfe"}, []fault{
			{"Tiers", "BeforeLabel", "is longer than 80 bytes"}, {"Tiers", "AfterLabel", "is not valid UTF-8"}}},
		{"tiers label too long", chart.Tiers{Tiers: []string{tooLong}, Before: []float64{1}, After: []float64{1}}, []fault{{"Tiers", "Tiers[0]", "is longer than 80 bytes"}}},

		{"compliance edges ok", chart.Compliance{Tiers: two, Percent: []float64{0, 100}, Target: 100, Decimals: 3}, nil},
		{"compliance above", chart.Compliance{Tiers: two, Percent: []float64{100.000001, -0.000001}, Target: 100.000001, Decimals: 4}, []fault{
			{"Compliance", "Percent[0]", "is above 100"}, {"Compliance", "Percent[1]", "is below 0"},
			{"Compliance", "Target", "is above 100"}, {"Compliance", "Decimals", "is not from 0 to 3"}}},
		{"compliance below", chart.Compliance{Tiers: two, Percent: []float64{1, 2}, Target: -0.000001, Decimals: -1}, []fault{
			{"Compliance", "Target", "is below 0"}, {"Compliance", "Decimals", "is not from 0 to 3"}}},
		{"compliance nan", chart.Compliance{Tiers: two, Percent: []float64{nan}, Target: nan}, []fault{
			{"Compliance", "Percent", "has 1 entries for 2 labels"}, {"Compliance", "Target", "is not a finite number"}}},

		{"intervals ok", chart.Intervals{Labels: two, Values: []float64{-5, 5}, Low: []float64{-5, 4}, High: []float64{-4, 5}, Decimals: 3}, nil},
		{"intervals outside", chart.Intervals{Labels: two, Values: []float64{-5.000001, 5.000001}, Low: []float64{-5, 4}, High: []float64{-4, 5}}, []fault{
			{"Intervals", "Values[0]", "is not within its interval [-5, -4]"}, {"Intervals", "Values[1]", "is not within its interval [4, 5]"}}},
		{"intervals lengths", chart.Intervals{Labels: two, Values: []float64{1, 2}, Low: []float64{1}, High: []float64{1, 2, 3}, Decimals: 4}, []fault{
			{"Intervals", "Low", "has 1 entries for 2 labels"}, {"Intervals", "High", "has 3 entries for 2 labels"}, {"Intervals", "Decimals", "is not from 0 to 3"}}},
		{"intervals nan", chart.Intervals{Labels: []string{"A"}, Values: []float64{nan}, Low: []float64{-inf}, High: []float64{inf}, Decimals: -1, YLabel: tooLong}, []fault{
			{"Intervals", "YLabel", "is longer than 80 bytes"}, {"Intervals", "Values[0]", "is not a finite number"},
			{"Intervals", "Low[0]", "is not a finite number"}, {"Intervals", "High[0]", "is not a finite number"}, {"Intervals", "Decimals", "is not from 0 to 3"}}},
		{"intervals no labels", chart.Intervals{}, []fault{{"Intervals", "Labels", "is empty"}}},

		{"loads ok", chart.Loads{Managers: two, Load: []float64{0, 1}, Capacity: []float64{0, 0}}, nil},
		{"loads negative", chart.Loads{Managers: two, Load: []float64{-0.5, 1}, Capacity: []float64{1, -1}, Unit: "\x00"}, []fault{
			{"Loads", "Unit", "holds a character that is not printable"}, {"Loads", "Load[0]", "is below 0"}, {"Loads", "Capacity[1]", "is below 0"}}},
		{"loads lengths", chart.Loads{Managers: two, Load: []float64{1, 2, 3}, Capacity: nil}, []fault{
			{"Loads", "Load", "has 3 entries for 2 labels"}, {"Loads", "Capacity", "has 0 entries for 2 labels"}}},
		{"loads too many", chart.Loads{Managers: tooMany, Load: tooManyV, Capacity: tooManyV}, []fault{{"Loads", "Managers", "has more than 60 entries"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.c.SVG()
			var got []fault
			for _, fe := range fieldErrors(err) {
				got = append(got, fault{fe.Record, fe.Field, fe.Reason})
				if !errors.Is(fe.Err, chart.ErrInvalid) {
					t.Errorf("%v does not wrap ErrInvalid", &fe)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("faults (-want +got):\n%s\nerror: %v", diff, err)
			}
			if (err != nil) != (tc.want != nil) || err != nil && !errors.Is(err, chart.ErrInvalid) {
				t.Errorf("error %v; want one wrapping ErrInvalid: %v", err, tc.want != nil)
			}
		})
	}
}

// TestInvalidID checks that the error names the chart by its title.
func TestInvalidID(t *testing.T) {
	_, err := chart.Loads{Title: "Q3 loads", Managers: []string{"A"}, Load: []float64{-1}, Capacity: []float64{1}}.SVG()
	fes := fieldErrors(err)
	if len(fes) != 1 || fes[0].ID != "Q3 loads" || fes[0].Value != -1.0 {
		t.Errorf("got %+v", fes)
	}
}
