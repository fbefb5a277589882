package chart

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Pareto is the Pareto curve of a portfolio: the accounts sorted by value,
// largest first, and the cumulative share of the total value they hold
// against the share of accounts, both in percent, with a dashed line at 80%
// of the value and, when Top is set, the point "top N of M hold P%" marked.
type Pareto struct {
	// Title is drawn above the chart; it may be empty.
	Title string
	// Values holds one value per account, in any order: each finite and
	// not negative, at least one of them positive. The caller converts
	// exact amounts (account.Money's decimal) with Decimal.InexactFloat64;
	// the chart only places points, so a float's rounding cannot be seen.
	Values []float64
	// Top is the number N of accounts whose point is marked, from 0 (no
	// mark) to len(Values).
	Top int
	// TopLabel is the mark's text. Empty, the chart writes "top N of M
	// hold P%", P being the share of the N largest values with one decimal;
	// a caller that reports the same figure from exact decimals elsewhere
	// passes its own text here so that both agree to the last digit.
	TopLabel string
}

// SVG draws the curve. The output depends only on the multiset of values,
// not on their order; the curve has at most MaxPoints+2 vertices.
func (c Pareto) SVG() ([]byte, error) {
	chk := newCheck("Pareto", c.Title)
	chk.text("TopLabel", c.TopLabel)
	total := 0.0
	if len(c.Values) == 0 {
		chk.add("Values", nil, "is empty")
	}
	for i, v := range c.Values {
		if chk.valueAt("Values", i, v, 0, posInf) {
			total += v
		}
	}
	if c.Top < 0 || c.Top > len(c.Values) {
		chk.add("Top", c.Top, fmt.Sprintf("is not from 0 to %d (the number of values)", len(c.Values)))
	}
	if err := chk.err(); err != nil {
		return nil, err
	}
	switch {
	case total == 0:
		chk.add("Values", nil, "has no positive value")
	case math.IsInf(total, 0):
		chk.add("Values", nil, "sums beyond the largest float64")
	}
	if err := chk.err(); err != nil {
		return nil, err
	}

	vs := slices.Clone(c.Values)
	slices.SortFunc(vs, func(a, b float64) int { return cmp.Compare(b, a) })
	m := len(vs)
	// cum[i] is the share in percent of the i largest values.
	cum := make([]float64, m+1)
	run := 0.0
	for i, v := range vs {
		run += v
		cum[i+1] = run / total * 100
	}
	cum[m] = 100

	p := newPlot(c.Title, "share of accounts (%)", "cumulative share of value (%)")
	leg := newLegend()
	p.X.Min, p.X.Max = 0, 100
	p.Y.Min, p.Y.Max = 0, 100
	p.Add(grid())

	even, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 100, Y: 100}})
	if err != nil {
		return nil, err
	}
	even.Color = lightGrey
	even.Dashes = []vg.Length{vg.Points(1), vg.Points(2)}
	eighty, err := hline(80, 0, 100, vermillion, true)
	if err != nil {
		return nil, err
	}
	curve, err := plotter.NewLine(paretoPoints(cum, c.Top))
	if err != nil {
		return nil, err
	}
	curve.Color = blue
	curve.Width = vg.Points(1.75)
	p.Add(even, eighty, curve)
	leg.Add("value held", curve)
	leg.Add("80% of value", eighty)

	if c.Top > 0 {
		x, y := share(c.Top, m), cum[c.Top]
		guide, err := plotter.NewLine(plotter.XYs{{X: x, Y: 0}, {X: x, Y: y}, {X: 0, Y: y}})
		if err != nil {
			return nil, err
		}
		guide.Color = grey
		guide.Width = vg.Points(0.5)
		guide.Dashes = []vg.Length{vg.Points(2), vg.Points(2)}
		dot, err := plotter.NewScatter(plotter.XYs{{X: x, Y: y}})
		if err != nil {
			return nil, err
		}
		dot.GlyphStyle = draw.GlyphStyle{Color: vermillion, Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}
		text := c.TopLabel
		if text == "" {
			text = fmt.Sprintf("top %d of %d hold %.1f%%", c.Top, m, y)
		}
		// The curve rises to the right of the point and stays below it to
		// the left, so the space below right of the point, and above left of
		// it, is free: the label goes below right, or above left when the
		// point is in the right half.
		align, dx, dy := draw.XLeft, vg.Points(6), -vg.Points(14)
		if x > 50 {
			align, dx, dy = draw.XRight, -dx, vg.Points(4)
		}
		mark, err := labels(plotter.XYs{{X: x, Y: y}}, []string{text}, 10, dx, dy, align)
		if err != nil {
			return nil, err
		}
		p.Add(guide, dot, mark)
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = percentTicks{}, percentTicks{}
	return render(p, leg)
}

// paretoPoints returns the vertices of the curve from cum: every rank when
// there are at most MaxPoints accounts, else MaxPoints evenly spaced ranks
// and the marked rank top, always with both ends.
func paretoPoints(cum []float64, top int) plotter.XYs {
	m := len(cum) - 1
	if m <= MaxPoints {
		xys := make(plotter.XYs, m+1)
		for i := range xys {
			xys[i] = plotter.XY{X: share(i, m), Y: cum[i]}
		}
		return xys
	}
	xys := make(plotter.XYs, 0, MaxPoints+2)
	last := -1
	for k := 0; k <= MaxPoints; k++ {
		i := int(math.Round(float64(k) * float64(m) / MaxPoints))
		if last < top && top < i {
			xys = append(xys, plotter.XY{X: share(top, m), Y: cum[top]})
		}
		xys = append(xys, plotter.XY{X: share(i, m), Y: cum[i]})
		last = i
	}
	return xys
}

// share returns i of m in percent.
func share(i, m int) float64 { return float64(i) / float64(m) * 100 }
