package chart

import (
	"bytes"
	"errors"
	"image/color"
	"math"
	"strconv"
	"unicode"
	"unicode/utf8"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// Every chart has the same fixed size, in typographic points (1/72 inch).
// The SVG gives it as its width, height and viewBox, so a page can scale it
// (width 100%, height auto) and keep its proportions.
const (
	Width  = 480
	Height = 300
)

// Limits on the input, checked before anything is drawn.
const (
	// MaxCategories is the most bars or points a chart of categories
	// (tiers, managers) takes: more would not be readable at its size.
	MaxCategories = 60
	// MaxText is the most bytes of a title, label or axis name.
	MaxText = 80
	// MaxPoints is the most vertices the Pareto curve is drawn with. A
	// portfolio of more accounts is sampled at evenly spaced ranks (the
	// marked rank always kept), which is within a fraction of a point of the
	// full curve at the chart's size; the figures are computed from every
	// value.
	MaxPoints = 1000
)

// ErrInvalid reports input a chart cannot draw: lengths that differ, a value
// that is not a finite number or is out of its range, a label that is empty,
// too long or not printable text, or too many categories. The error is an
// [*account.FieldError] naming the chart, its title and the field at fault.
var ErrInvalid = errors.New("chart: invalid input")

// A Chart is any of the package's charts: each draws itself as a complete
// SVG document of the fixed size Width by Height.
type Chart interface {
	SVG() ([]byte, error)
}

// The colours, from the Okabe–Ito palette, which readers with the common
// forms of colour blindness tell apart, and greys for reference lines.
var (
	blue       = color.RGBA{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}
	orange     = color.RGBA{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF}
	vermillion = color.RGBA{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF}
	green      = color.RGBA{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF}
	grey       = color.RGBA{R: 0x66, G: 0x66, B: 0x66, A: 0xFF}
	lightGrey  = color.RGBA{R: 0xBB, G: 0xBB, B: 0xBB, A: 0xFF}
)

// sans is the charts' typeface: Liberation Sans, which gonum measures text
// with and which has the metrics of Arial and Helvetica, so a viewer without
// it that falls back to either keeps every label in place.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// handler lays out plain text in the fonts gonum registers at start-up.
var handler = text.Plain{Fonts: font.DefaultCache}

// style returns a text style of the charts' typeface at size points.
func style(size vg.Length) text.Style {
	return text.Style{Color: color.Black, Font: font.From(sans, size), Handler: handler}
}

// margin is the blank border around every chart.
const margin = 8

// newPlot returns a plot with the charts' typeface everywhere and the title
// and axis names set.
func newPlot(title, xName, yName string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sans, 13)
	p.Title.Padding = vg.Points(8)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, 11)
		a.Tick.Label.Font = font.From(sans, 9)
		a.Color = grey
		a.Tick.Color = grey
	}
	p.X.Label.Text = xName
	p.Y.Label.Text = yName
	return p
}

// newLegend returns an empty legend in the charts' typeface, to be drawn
// by render to the right of the plot.
func newLegend() *plot.Legend {
	l := plot.NewLegend()
	l.TextStyle.Font = font.From(sans, 9)
	l.Top, l.Left = true, true
	l.Padding = vg.Points(3)
	return &l
}

// render draws p, and leg in a column to its right unless leg is nil, on an
// SVG canvas of the fixed size. The fonts are not embedded: the text names
// Liberation Sans (see the package doc).
func render(p *plot.Plot, leg *plot.Legend) ([]byte, error) {
	c := vgsvg.New(Width*vg.Inch/72, Height*vg.Inch/72)
	dc := draw.Crop(draw.New(c), margin, -margin, margin, -margin)
	if leg == nil {
		p.Draw(dc)
	} else {
		w := leg.Rectangle(dc).Size().X + 2*margin
		p.Draw(draw.Crop(dc, 0, -w, 0, 0))
		if p.Title.Text != "" {
			leg.YOffs = -(p.Title.TextStyle.Rectangle(p.Title.Text).Size().Y + p.Title.Padding)
		}
		leg.Draw(draw.Crop(dc, dc.Size().X-w+2*margin, 0, 0, 0))
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// labels returns text labels at the given points, in the charts' typeface
// at size points, offset by dx, dy.
func labels(xys plotter.XYs, texts []string, size, dx, dy vg.Length, align draw.XAlignment) (*plotter.Labels, error) {
	l, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: texts})
	if err != nil {
		return nil, err
	}
	for i := range l.TextStyle {
		l.TextStyle[i] = style(size)
		l.TextStyle[i].XAlign = align
	}
	l.Offset = vg.Point{X: dx, Y: dy}
	return l, nil
}

// hline returns a horizontal line at y from x0 to x1 in the given colour,
// dashed when dash is set.
func hline(y, x0, x1 float64, c color.Color, dash bool) (*plotter.Line, error) {
	l, err := plotter.NewLine(plotter.XYs{{X: x0, Y: y}, {X: x1, Y: y}})
	if err != nil {
		return nil, err
	}
	l.Color = c
	l.Width = vg.Points(1)
	if dash {
		l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	}
	return l, nil
}

// grid returns light grey grid lines at the axes' ticks.
func grid() *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical.Color, g.Horizontal.Color = lightGrey, lightGrey
	g.Vertical.Width, g.Horizontal.Width = vg.Points(0.25), vg.Points(0.25)
	return g
}

// bar returns a bar chart of one value at category position at, in colour c,
// without an outline.
func bar(v, at float64, width vg.Length, c color.Color, horizontal bool) (*plotter.BarChart, error) {
	b, err := plotter.NewBarChart(plotter.Values{v}, width)
	if err != nil {
		return nil, err
	}
	b.XMin = at
	b.Color = c
	b.LineStyle.Width = 0
	b.Horizontal = horizontal
	return b, nil
}

// barWidth returns the width of one bar when n categories share length
// points of axis with groups bars each, leaving gaps between categories.
func barWidth(n, groups int, length float64) vg.Length {
	w := length / float64(n) * 0.7 / float64(groups)
	return vg.Points(min(w, 36))
}

// number formats v for a label: the shortest form that reads back as v,
// with at most prec decimals when prec >= 0.
func number(v float64, prec int) string {
	return strconv.FormatFloat(v, 'f', prec, 64)
}

// check collects the faults of one chart's input.
type check struct {
	record, id string
	list       fault.List
}

// newCheck starts the check of a chart of the named kind, with its title.
func newCheck(record, title string) *check {
	c := &check{record: record, id: title}
	c.text("Title", title)
	return c
}

// decimals checks the number of decimals of a chart's figures.
func (c *check) decimals(n int) {
	if n < 0 || n > 3 {
		c.add("Decimals", n, "is not from 0 to 3")
	}
}

func (c *check) add(field string, value any, reason string) {
	c.list.Add(&account.FieldError{Record: c.record, ID: c.id, Field: field, Value: value, Reason: reason, Err: ErrInvalid})
}

// text checks an optional text (a title or an axis name).
func (c *check) text(field, s string) {
	switch {
	case len(s) > MaxText:
		c.add(field, s, "is longer than "+strconv.Itoa(MaxText)+" bytes")
	case !utf8.ValidString(s):
		c.add(field, s, "is not valid UTF-8")
	default:
		for _, r := range s {
			if !unicode.IsPrint(r) && r != ' ' {
				c.add(field, s, "holds a character that is not printable")
				return
			}
		}
	}
}

// labels checks the category labels: from 1 to MaxCategories of them, each
// a non-empty text.
func (c *check) labels(field string, names []string) {
	if len(names) == 0 {
		c.add(field, nil, "is empty")
		return
	}
	if len(names) > MaxCategories {
		c.add(field, len(names), "has more than "+strconv.Itoa(MaxCategories)+" entries")
		return
	}
	for i, s := range names {
		f := field + "[" + strconv.Itoa(i) + "]"
		if s == "" {
			c.add(f, s, "is empty")
			continue
		}
		c.text(f, s)
	}
}

// values checks that vs has n entries, each finite and from lo to hi; it
// reports whether the lengths matched.
func (c *check) values(field string, vs []float64, n int, lo, hi float64) bool {
	if len(vs) != n {
		c.add(field, len(vs), "has "+strconv.Itoa(len(vs))+" entries for "+strconv.Itoa(n)+" labels")
		return false
	}
	for i, v := range vs {
		c.valueAt(field, i, v, lo, hi)
	}
	return true
}

// valueAt is value for field[i], naming the field only when it is at fault.
func (c *check) valueAt(field string, i int, v, lo, hi float64) bool {
	if lo <= v && v <= hi && !math.IsInf(v, 0) {
		return true
	}
	return c.value(field+"["+strconv.Itoa(i)+"]", v, lo, hi)
}

// value checks that v is finite and from lo to hi, and reports whether it
// is.
func (c *check) value(field string, v, lo, hi float64) bool {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		c.add(field, v, "is not a finite number")
	case v < lo:
		c.add(field, v, "is below "+number(lo, -1))
	case v > hi:
		c.add(field, v, "is above "+number(hi, -1))
	default:
		return true
	}
	return false
}

func (c *check) err() error { return c.list.Err() }

// blackish draws markers that must stand out on any bar colour.
var blackish = color.RGBA{R: 0x11, G: 0x11, B: 0x11, A: 0xFF}

// The bounds of a value that may be any finite number.
var negInf, posInf = math.Inf(-1), math.Inf(1)

// percentTicks marks a percent axis every 20, from 0 to 100, so that the
// room above 100 left for the figures gets no tick.
type percentTicks struct{}

// Ticks implements plot.Ticker.
func (percentTicks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for v := 0; v <= 100; v += 10 {
		t := plot.Tick{Value: float64(v)}
		if v%20 == 0 {
			t.Label = strconv.Itoa(v)
		}
		ts = append(ts, t)
	}
	return ts
}

// plainTicks marks an axis as gonum's default ticker does, with each label
// in its shortest form ("5", "2.5", not "5.00", "2.50").
type plainTicks struct{}

// Ticks implements plot.Ticker.
func (plainTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for i, t := range ts {
		if t.Label != "" {
			ts[i].Label = number(t.Value, -1)
		}
	}
	return ts
}
