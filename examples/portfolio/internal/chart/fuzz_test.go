package chart_test

import (
	"errors"
	"math"
	"testing"

	"github.com/keyaccount/keyaccount/examples/portfolio/internal/chart"
)

// FuzzCharts draws every chart from arbitrary text and numbers: each call
// either returns an error wrapping ErrInvalid or a well-formed SVG document,
// and never panics.
func FuzzCharts(f *testing.F) {
	f.Add("Title", "label", 1.0, 2.0, 3.0, 2, 1)
	f.Add("", "", 0.0, 0.0, 0.0, 0, 0)
	f.Add("<&>\"'", "a\x00b", math.NaN(), math.Inf(1), -1.0, 61, -1)
	f.Add("é", "\xff", 1e308, 1e308, 100.0, 1, 3)
	f.Fuzz(func(t *testing.T, title, label string, a, b, c float64, n, k int) {
		n = min(max(n, 0), chart.MaxCategories+1)
		labels := make([]string, n)
		xs, ys, zs := make([]float64, n), make([]float64, n), make([]float64, n)
		for i := range n {
			labels[i] = label
			xs[i], ys[i], zs[i] = a*float64(i+1), b, c
		}
		for _, ch := range []chart.Chart{
			chart.Pareto{Title: title, TopLabel: label, Values: xs, Top: k},
			chart.Tiers{Title: title, Tiers: labels, Before: xs, After: ys, BeforeLabel: label},
			chart.Compliance{Title: title, Tiers: labels, Percent: ys, Target: c, Decimals: k},
			chart.Intervals{Title: title, YLabel: label, Labels: labels, Values: ys, Low: xs, High: zs, Decimals: k},
			chart.Loads{Title: title, Managers: labels, Load: xs, Capacity: zs, Unit: label},
		} {
			svg, err := ch.SVG()
			if err != nil {
				if !errors.Is(err, chart.ErrInvalid) {
					t.Fatalf("%T: error %v does not wrap ErrInvalid", ch, err)
				}
				continue
			}
			if _, err := parse(svg); err != nil {
				t.Fatalf("%T: %v", ch, err)
			}
		}
	})
}
