package htmlpage_test

import (
	"testing"

	"github.com/keyaccount/keyaccount/examples/portfolio/internal/chart"
	"github.com/keyaccount/keyaccount/examples/portfolio/internal/htmlpage"
)

// portfolioCharts returns the pack's five charts over a small made-up
// portfolio shaped like the default one (443 accounts, the top 20 holding
// most of the value, four tiers, twelve managers).
func portfolioCharts() []chart.Chart {
	values := make([]float64, 443)
	for i := range values {
		if i < 20 {
			values[i] = 900_000 - 30_000*float64(i)
		} else {
			values[i] = 3_000 + float64(i%37)*50
		}
	}
	tiers := []string{"Strategic", "Key", "Growth", "Maintain"}
	return []chart.Chart{
		chart.Pareto{Title: "Revenue concentration", Values: values, Top: 20},
		chart.Tiers{Title: "Tiers before and after", Tiers: tiers,
			Before: []float64{18, 40, 120, 265}, After: []float64{20, 36, 110, 277},
			BeforeLabel: "2025", AfterLabel: "2026"},
		chart.Compliance{Title: "SLA compliance by tier, Q3 2026", Tiers: tiers,
			Percent: []float64{97.5, 93.1, 88.4, 91}, Target: 95, Decimals: 1},
		chart.Intervals{Title: "NPS by tier", YLabel: "NPS", Labels: tiers,
			Values: []float64{42, 31, 12, -4}, Low: []float64{30, 22, 5, -12}, High: []float64{54, 40, 19, 4}},
		chart.Loads{Title: "Manager load against capacity",
			Managers: []string{"Aroha Ngata", "Ben Smith", "Chloe Wu", "Dev Patel", "Ella Brown", "Finn Jones",
				"Grace Lee", "Hemi Walker", "Isla Taylor", "Jack Wilson", "Kiri Thompson", "Liam White"},
			Load:     []float64{40, 38, 52, 20, 33, 47, 30, 29, 44, 36, 41, 25},
			Capacity: []float64{45, 45, 45, 40, 40, 50, 35, 35, 45, 40, 45, 30}},
	}
}

// portfolioPage returns a page with the five charts, in two sections, and
// a table of hostile and numeric text.
func portfolioPage(tb testing.TB) htmlpage.Page {
	tb.Helper()
	var figs []htmlpage.Chart
	for _, c := range portfolioCharts() {
		svg, err := c.SVG()
		if err != nil {
			tb.Fatal(err)
		}
		figs = append(figs, htmlpage.Chart{Caption: "Figure " + string(rune('1'+len(figs))), SVG: svg})
	}
	return htmlpage.Page{
		Title:    "Quarterly account review",
		Subtitle: "As of 1 October 2026 (Pacific/Auckland)",
		Sections: []htmlpage.Section{
			{
				Heading:    "Concentration and tiers",
				Paragraphs: []string{"The top 20 of 443 accounts hold most of the revenue."},
				Charts:     figs[:2],
				Tables: []htmlpage.Table{{
					Caption: "Top accounts",
					Header:  []string{"account", "revenue", "share"},
					Rows:    [][]string{{"<script>alert(1)</script>", "NZD 900,000.00", "8.5%"}, {"Acme & Co", "NZD 870,000.00", "8.2%"}},
				}},
			},
			{
				Heading: "Service",
				Charts:  figs[2:],
			},
		},
	}
}
