package chart

import (
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Compliance shows the share of SLA targets met in each tier, in percent,
// against one target: a bar per tier, green where it meets the target and
// vermillion where it falls short, with its figure above it and a dashed
// line at the target.
type Compliance struct {
	// Title is drawn above the chart; it may be empty.
	Title string
	// Tiers names the tiers, from left to right: from 1 to MaxCategories
	// non-empty labels.
	Tiers []string
	// Percent holds each tier's compliance, from 0 to 100. The caller
	// converts its exact share (a decimal from 0 to 1) to percent.
	Percent []float64
	// Target is the target, in percent, from 0 to 100.
	Target float64
	// Decimals is how many decimals the figures above the bars show, from
	// 0 to 3.
	Decimals int
}

// SVG draws the chart.
func (c Compliance) SVG() ([]byte, error) {
	chk := newCheck("Compliance", c.Title)
	chk.labels("Tiers", c.Tiers)
	chk.values("Percent", c.Percent, len(c.Tiers), 0, 100)
	chk.value("Target", c.Target, 0, 100)
	chk.decimals(c.Decimals)
	if err := chk.err(); err != nil {
		return nil, err
	}

	p := newPlot(c.Title, "", "targets met (%)")
	leg := newLegend()
	target, err := hline(c.Target, -0.5, float64(len(c.Tiers))-0.5, grey, true)
	if err != nil {
		return nil, err
	}
	p.Add(grid(), target)
	w := barWidth(len(c.Tiers), 1, Width-80)
	xys := make(plotter.XYs, len(c.Percent))
	texts := make([]string, len(c.Percent))
	var met, short *plotter.BarChart
	for i, v := range c.Percent {
		below := v < c.Target
		col := green
		if below {
			col = vermillion
		}
		b, err := bar(v, float64(i), w, col, false)
		if err != nil {
			return nil, err
		}
		if below {
			short = b
		} else {
			met = b
		}
		p.Add(b)
		xys[i] = plotter.XY{X: float64(i), Y: v}
		texts[i] = number(v, c.Decimals) + "%"
	}
	figures, err := labels(xys, texts, 8, 0, vg.Points(2), draw.XCenter)
	if err != nil {
		return nil, err
	}
	p.Add(figures)
	if met != nil {
		leg.Add("meets target", met)
	}
	if short != nil {
		leg.Add("below target", short)
	}
	leg.Add("target "+number(c.Target, -1)+"%", target)
	p.NominalX(c.Tiers...)
	p.Y.Min, p.Y.Max = 0, 108
	p.Y.Tick.Marker = percentTicks{}
	return render(p, leg)
}
