package chart_test

import (
	"fmt"
	"strings"

	"github.com/keyaccount/keyaccount/examples/portfolio/internal/chart"
)

// show prints a summary of a chart's SVG: its size and its texts in
// document order (title, axes, ticks, figures, legend), or the error.
func show(c chart.Chart) {
	svg, err := c.SVG()
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	d, err := parse(svg)
	if err != nil {
		fmt.Println("not SVG:", err)
		return
	}
	fmt.Printf("%s x %s, %d paths\n", d.Width, d.Height, d.Elements["path"])
	fmt.Println(strings.Join(d.Texts, " | "))
}

// The Pareto curve of five accounts, the top two marked. Values come from
// exact amounts through Decimal.InexactFloat64.
func ExamplePareto() {
	show(chart.Pareto{
		Title:  "Revenue concentration",
		Values: []float64{120_000, 45_000, 20_000, 10_000, 5_000},
		Top:    2,
	})
	// Output:
	// 480pt x 300pt, 44 paths
	// Revenue concentration | share of accounts (%) | 0 | 20 | 40 | 60 | 80 | 100 | cumulative share of value (%) | 0 | 20 | 40 | 60 | 80 | 100 | top 2 of 5 hold 82.5% | value held | 80% of value
}

func ExampleTiers() {
	show(chart.Tiers{
		Title:       "Accounts per tier",
		Tiers:       []string{"Strategic", "Key", "Growth"},
		Before:      []float64{18, 40, 120},
		After:       []float64{20, 36, 122},
		BeforeLabel: "2025",
		AfterLabel:  "2026",
	})
	// Output:
	// 480pt x 300pt, 32 paths
	// Accounts per tier | Strategic | Key | Growth | accounts | 0 | 40 | 80 | 120 | 18 | 40 | 120 | 20 | 36 | 122 | 2025 | 2026
}

// Compliance takes percent: the caller multiplies its exact share (a decimal
// from 0 to 1) by 100.
func ExampleCompliance() {
	show(chart.Compliance{
		Title:    "SLA compliance, Q3 2026",
		Tiers:    []string{"Strategic", "Key", "Growth"},
		Percent:  []float64{97.5, 93.1, 95},
		Target:   95,
		Decimals: 1,
	})
	// Output:
	// 480pt x 300pt, 29 paths
	// SLA compliance, Q3 2026 | Strategic | Key | Growth | targets met (%) | 0 | 20 | 40 | 60 | 80 | 100 | 97.5% | 93.1% | 95.0% | meets target | below target | target 95%
}

func ExampleIntervals() {
	show(chart.Intervals{
		Title:  "NPS by tier",
		YLabel: "NPS",
		Labels: []string{"Strategic", "Key", "Growth"},
		Values: []float64{42, 31, 12},
		Low:    []float64{30, 22, 5},
		High:   []float64{54, 40, 19},
	})
	// Output:
	// 480pt x 300pt, 27 paths
	// NPS by tier | Strategic | Key | Growth | NPS | 0 | 30 | 60 | 42 | 31 | 12
}

func ExampleLoads() {
	show(chart.Loads{
		Title:    "Load against capacity",
		Managers: []string{"Aroha Ngata", "Ben Smith", "Chloe Wu"},
		Load:     []float64{40, 52, 20},
		Capacity: []float64{45, 45, 40},
		Unit:     "workload units",
	})
	// Output:
	// 480pt x 300pt, 24 paths
	// Load against capacity | workload units | 0 | 30 | 60 | Chloe Wu | Ben Smith | Aroha Ngata | load | load above capacity | capacity
}

// Bad input is an error naming the chart, its title and the field.
func ExampleLoads_invalid() {
	show(chart.Loads{
		Title:    "Load against capacity",
		Managers: []string{"Aroha Ngata", "Ben Smith"},
		Load:     []float64{40, 52},
		Capacity: []float64{45, -1},
	})
	// Output:
	// error: chart: invalid input: Loads "Load against capacity": Capacity[1] -1: is below 0
}
