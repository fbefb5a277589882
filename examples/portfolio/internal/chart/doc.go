// Package chart draws the portfolio pack's charts as SVG with gonum's plot
// library (gonum.org/v1/plot and its SVG back end, vg/vgsvg):
//
//   - [Pareto]: the Pareto curve, the cumulative share of value against the
//     share of accounts, largest first, with the 80% line and the point "top N
//     of M hold P%" marked;
//   - [Tiers]: the tiers before and after a re-tiering, a pair of bars per tier;
//   - [Compliance]: SLA compliance by tier in percent, with the target line;
//   - [Intervals]: an estimate per tier with its interval (satisfaction by
//     tier), points with error bars;
//   - [Loads]: each manager's load against capacity, bars with a capacity tick.
//
// Each chart is a plain struct of labels and float64 values, and its SVG
// method returns a complete SVG document of the fixed size [Width] by [Height]
// points:
//
//	svg, err := chart.Compliance{
//		Title:   "SLA compliance by tier, Q3 2026",
//		Tiers:   []string{"Strategic", "Key", "Growth"},
//		Percent: []float64{97.5, 93.1, 88.4},
//		Target:  95,
//	}.SVG()
//
// # Floats from decimals
//
// The module reports every figure as an exact decimal; a chart only places
// marks, so it takes float64s, which the caller converts with
// decimal.Decimal.InexactFloat64 (shares from 0 to 1 are multiplied by 100
// first where a chart takes percent). The figures a chart writes beside its
// marks are formatted from those floats with a fixed number of decimals; where
// a figure must agree with a text report to the last digit, the caller passes
// the text (Pareto.TopLabel).
//
// # Bad input
//
// Lengths that differ from the labels', values that are NaN, infinite or out
// of range (a negative count or capacity, a percentage above 100, an estimate
// outside its interval), labels that are empty, longer than [MaxText] bytes or
// not printable UTF-8, and more than [MaxCategories] categories are errors
// wrapping [ErrInvalid], each an *account.FieldError naming the chart (Record),
// its title (ID) and the field ("Percent[2]"). They are found before anything
// is drawn; a chart never panics on its input.
//
// # The SVG
//
// The output is deterministic: the same input gives the same bytes (gonum
// writes no date, random ID or map-ordered content, and numbers with five
// significant digits). It needs nothing from the network: it references no
// external file, image or font. The text is set in Liberation Sans, the face
// gonum measures it with; the fonts are not embedded (vgsvg.EmbedFonts would
// add each face used, some 550 KB of base64 per chart), so a viewer without
// Liberation Sans falls back to its default face. Liberation Sans has the
// metrics of Arial and Helvetica: a page that inlines the charts can name those
// as fallbacks (the htmlpage package does) and every label keeps its place.
package chart
