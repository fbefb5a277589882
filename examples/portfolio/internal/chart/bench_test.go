package chart_test

import (
	"testing"

	"github.com/keyaccount/keyaccount/examples/portfolio/internal/chart"
)

// sink keeps the benchmarks' results alive.
var sink []byte

// BenchmarkSVG draws each chart of the pack at the default portfolio's size
// (443 accounts, four tiers, three managers), and the Pareto curve of
// 100,000 accounts (examples/portfolio -accounts 100000).
func BenchmarkSVG(b *testing.B) {
	big := make([]float64, 100_000)
	for i := range big {
		big[i] = float64((i*7919)%100_000 + 1)
	}
	cases := map[string]chart.Chart{"Pareto100k": chart.Pareto{Values: big, Top: 20}}
	for _, c := range valid() {
		cases[typeName(c)] = c
	}
	for _, name := range []string{"Pareto", "Pareto100k", "Tiers", "Compliance", "Intervals", "Loads"} {
		c := cases[name]
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				svg, err := c.SVG()
				if err != nil {
					b.Fatal(err)
				}
				sink = svg
			}
		})
	}
}

// typeName returns the name of a chart's type, without the package.
func typeName(c chart.Chart) string {
	switch c.(type) {
	case chart.Pareto:
		return "Pareto"
	case chart.Tiers:
		return "Tiers"
	case chart.Compliance:
		return "Compliance"
	case chart.Intervals:
		return "Intervals"
	}
	return "Loads"
}
