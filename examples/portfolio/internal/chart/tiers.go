package chart

import (
	"image/color"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Tiers compares the number of accounts (or any count) in each tier before
// and after a re-tiering: a pair of bars per tier, before on the left in
// grey-blue, after on the right in orange, each with its figure above it.
type Tiers struct {
	// Title is drawn above the chart; it may be empty.
	Title string
	// Tiers names the tiers, in the order drawn from left to right: from 1
	// to MaxCategories non-empty labels.
	Tiers []string
	// Before and After hold one count per tier: finite, not negative.
	Before, After []float64
	// BeforeLabel and AfterLabel name the two series in the legend; empty,
	// they are "before" and "after".
	BeforeLabel, AfterLabel string
	// YLabel names the vertical axis; empty, it is "accounts".
	YLabel string
}

// SVG draws the chart.
func (c Tiers) SVG() ([]byte, error) {
	chk := newCheck("Tiers", c.Title)
	chk.text("BeforeLabel", c.BeforeLabel)
	chk.text("AfterLabel", c.AfterLabel)
	chk.text("YLabel", c.YLabel)
	chk.labels("Tiers", c.Tiers)
	chk.values("Before", c.Before, len(c.Tiers), 0, posInf)
	chk.values("After", c.After, len(c.Tiers), 0, posInf)
	if err := chk.err(); err != nil {
		return nil, err
	}
	before, after, yName := or(c.BeforeLabel, "before"), or(c.AfterLabel, "after"), or(c.YLabel, "accounts")

	p := newPlot(c.Title, "", yName)
	leg := newLegend()
	p.Add(grid())
	w := barWidth(len(c.Tiers), 2, Width-80)
	top := 0.0
	for _, series := range []struct {
		vs     []float64
		color  color.Color
		offset vg.Length
		name   string
	}{{c.Before, grey, -w / 2, before}, {c.After, orange, w / 2, after}} {
		b, err := plotter.NewBarChart(plotter.Values(series.vs), w)
		if err != nil {
			return nil, err
		}
		b.LineStyle.Width = 0
		b.Offset = series.offset
		b.Color = series.color
		texts := make([]string, len(series.vs))
		xys := make(plotter.XYs, len(series.vs))
		for i, v := range series.vs {
			texts[i] = number(v, -1)
			xys[i] = plotter.XY{X: float64(i), Y: v}
			top = max(top, v)
		}
		figures, err := labels(xys, texts, 8, series.offset, vg.Points(2), draw.XCenter)
		if err != nil {
			return nil, err
		}
		p.Add(b, figures)
		leg.Add(series.name, b)
	}
	p.NominalX(c.Tiers...)
	p.Y.Min, p.Y.Max = 0, headroom(top)
	p.Y.Tick.Marker = plainTicks{}
	return render(p, leg)
}

// headroom returns the top of a value axis whose largest value is top:
// 15% above it, leaving room for the figures and the legend, or 1 when every
// value is 0.
func headroom(top float64) float64 {
	if top == 0 {
		return 1
	}
	return top * 1.15
}

// or returns s, or def when s is empty.
func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
