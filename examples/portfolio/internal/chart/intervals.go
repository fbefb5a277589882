package chart

import (
	"fmt"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Intervals shows an estimate per category with its interval: a point per
// category (satisfaction per tier: NPS, CSAT or effort) with an error bar
// from the interval's low to its high end, and the figure beside it.
type Intervals struct {
	// Title is drawn above the chart; it may be empty.
	Title string
	// YLabel names the vertical axis ("NPS", "CSAT"); it may be empty.
	YLabel string
	// Labels names the categories, from left to right: from 1 to
	// MaxCategories non-empty labels.
	Labels []string
	// Values, Low and High hold each category's estimate and its
	// interval's ends, all finite, Low <= Value <= High. The caller converts
	// its exact decimals with Decimal.InexactFloat64.
	Values, Low, High []float64
	// Decimals is how many decimals the figures show, from 0 to 3.
	Decimals int
}

// SVG draws the chart. The vertical axis spans the intervals, with a margin.
func (c Intervals) SVG() ([]byte, error) {
	chk := newCheck("Intervals", c.Title)
	chk.text("YLabel", c.YLabel)
	chk.labels("Labels", c.Labels)
	n := len(c.Labels)
	okV := chk.values("Values", c.Values, n, negInf, posInf)
	okL := chk.values("Low", c.Low, n, negInf, posInf)
	okH := chk.values("High", c.High, n, negInf, posInf)
	chk.decimals(c.Decimals)
	if err := chk.err(); err != nil {
		return nil, err
	}
	if okV && okL && okH {
		for i := range n {
			if !(c.Low[i] <= c.Values[i] && c.Values[i] <= c.High[i]) {
				chk.add(fmt.Sprintf("Values[%d]", i), c.Values[i],
					fmt.Sprintf("is not within its interval [%s, %s]", number(c.Low[i], -1), number(c.High[i], -1)))
			}
		}
	}
	if err := chk.err(); err != nil {
		return nil, err
	}

	xys := make(plotter.XYs, n)
	errs := make(plotter.YErrors, n)
	texts := make([]string, n)
	lo, hi := c.Low[0], c.High[0]
	for i := range n {
		xys[i] = plotter.XY{X: float64(i), Y: c.Values[i]}
		errs[i] = struct{ Low, High float64 }{c.Values[i] - c.Low[i], c.High[i] - c.Values[i]}
		texts[i] = number(c.Values[i], c.Decimals)
		lo, hi = min(lo, c.Low[i]), max(hi, c.High[i])
	}
	p := newPlot(c.Title, "", c.YLabel)
	p.Add(grid())
	bars, err := plotter.NewYErrorBars(struct {
		plotter.XYs
		plotter.YErrors
	}{xys, errs})
	if err != nil {
		return nil, err
	}
	bars.Color = blue
	bars.Width = vg.Points(1.25)
	bars.CapWidth = vg.Points(10)
	dots, err := plotter.NewScatter(xys)
	if err != nil {
		return nil, err
	}
	dots.GlyphStyle = draw.GlyphStyle{Color: blue, Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}
	figures, err := labels(xys, texts, 9, vg.Points(8), -vg.Points(4), draw.XLeft)
	if err != nil {
		return nil, err
	}
	p.Add(bars, dots, figures)
	p.NominalX(c.Labels...)
	p.X.Min, p.X.Max = -0.5, float64(n)-0.5
	pad := (hi - lo) * 0.15
	if pad == 0 {
		pad = 1
	}
	p.Y.Min, p.Y.Max = lo-pad, hi+pad
	p.Y.Tick.Marker = plainTicks{}
	return render(p, nil)
}
