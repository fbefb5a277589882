package chart_test

import (
	"testing"

	"github.com/keyaccount/keyaccount/examples/portfolio/internal/chart"
	"github.com/keyaccount/keyaccount/internal/golden"
)

// TestGolden compares each chart of valid() with its SVG under testdata:
// the layout (margins, legend column, bar widths, label places) and the bytes
// gonum writes are pinned, so that a change shows as a diff to read (and to
// look at in a browser) before it is committed with -update.
func TestGolden(t *testing.T) {
	cases := map[string]chart.Chart{}
	for _, c := range valid() {
		cases[typeName(c)] = c
	}
	// The pack's twelve managers, and more tiers than the pack has: bars
	// narrower than the widest allowed.
	managers := []string{"Aroha Ngata", "Ben Smith", "Chloe Wu", "Dev Patel", "Ella Brown", "Finn Jones",
		"Grace Lee", "Hemi Walker", "Isla Taylor", "Jack Wilson", "Kiri Thompson", "Liam White"}
	cases["Loads12"] = chart.Loads{Title: "Manager load against capacity", Managers: managers,
		Load:     []float64{40, 38, 52, 20, 33, 47, 30, 29, 44, 36, 41, 25},
		Capacity: []float64{45, 45, 45, 40, 40, 50, 35, 35, 45, 40, 45, 30}}
	cases["Compliance12"] = chart.Compliance{Title: "SLA compliance by manager", Tiers: managers,
		Percent: []float64{95, 96, 94.99, 100, 0, 50, 95.01, 99, 90, 80, 70, 95}, Target: 95, Decimals: 2}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, svg := mustDraw(t, c)
			golden.Check(t, svg, "testdata/"+name+".svg")
		})
	}
}
