package chart

import (
	"slices"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Loads shows each manager's load against their capacity: a horizontal bar
// per manager (the first at the top), blue within capacity and vermillion
// above it, and a black tick across the bar at the capacity.
type Loads struct {
	// Title is drawn above the chart; it may be empty.
	Title string
	// Managers names the managers, from top to bottom: from 1 to
	// MaxCategories non-empty labels.
	Managers []string
	// Load and Capacity hold each manager's load and capacity in the same
	// unit (workload units, accounts): finite, not negative.
	Load, Capacity []float64
	// Unit names the horizontal axis; empty, it is "workload".
	Unit string
}

// SVG draws the chart.
func (c Loads) SVG() ([]byte, error) {
	chk := newCheck("Loads", c.Title)
	chk.text("Unit", c.Unit)
	chk.labels("Managers", c.Managers)
	chk.values("Load", c.Load, len(c.Managers), 0, posInf)
	chk.values("Capacity", c.Capacity, len(c.Managers), 0, posInf)
	if err := chk.err(); err != nil {
		return nil, err
	}

	n := len(c.Managers)
	p := newPlot(c.Title, or(c.Unit, "workload"), "")
	leg := newLegend()
	p.Add(grid())
	w := barWidth(n, 1, Height-70)
	caps := make(plotter.XYs, n)
	top := 0.0
	var within, overBar *plotter.BarChart
	for i, load := range c.Load {
		at := float64(n - 1 - i) // the first manager at the top
		over := load > c.Capacity[i]
		col := blue
		if over {
			col = vermillion
		}
		b, err := bar(load, at, w, col, true)
		if err != nil {
			return nil, err
		}
		if over {
			overBar = b
		} else {
			within = b
		}
		p.Add(b)
		caps[i] = plotter.XY{X: c.Capacity[i], Y: at}
		top = max(top, load, c.Capacity[i])
	}
	marks, err := plotter.NewScatter(caps)
	if err != nil {
		return nil, err
	}
	marks.GlyphStyle = draw.GlyphStyle{Color: blackish, Radius: w/2 + vg.Points(3), Shape: tick{}}
	p.Add(marks)
	if within != nil {
		leg.Add("load", within)
	}
	if overBar != nil {
		leg.Add("load above capacity", overBar)
	}
	leg.Add("capacity", marks)
	names := slices.Clone(c.Managers)
	slices.Reverse(names)
	p.NominalY(names...)
	p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5
	p.X.Min, p.X.Max = 0, headroom(top)*1.1
	p.X.Tick.Label.XAlign = draw.XCenter
	p.X.Tick.Marker = plainTicks{}
	return render(p, leg)
}

// tick is a glyph: a vertical line of length twice the glyph's radius,
// the capacity marker across a horizontal bar.
type tick struct{}

// DrawGlyph implements draw.GlyphDrawer.
func (tick) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.StrokeLine2(draw.LineStyle{Color: sty.Color, Width: vg.Points(2)}, pt.X, pt.Y-sty.Radius, pt.X, pt.Y+sty.Radius)
}
