package chart_test

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/keyaccount/keyaccount/examples/portfolio/internal/chart"
)

// valid returns one valid chart of each kind.
func valid() []chart.Chart {
	tiers := []string{"Strategic", "Key", "Growth", "Maintain"}
	values := make([]float64, 443)
	for i := range values {
		values[i] = float64((i*7919)%1000 + 1)
		if i%22 == 0 {
			values[i] *= 400
		}
	}
	return []chart.Chart{
		chart.Pareto{Title: "Revenue concentration", Values: values, Top: 20},
		chart.Tiers{Title: "Tiers", Tiers: tiers, Before: []float64{18, 40, 120, 265}, After: []float64{20, 36, 110, 277}},
		chart.Compliance{Title: "SLA compliance", Tiers: tiers, Percent: []float64{97.5, 93.1, 88.4, 91}, Target: 95, Decimals: 1},
		chart.Intervals{Title: "NPS by tier", YLabel: "NPS", Labels: tiers, Values: []float64{42, 31, 12, -4}, Low: []float64{30, 22, 5, -12}, High: []float64{54, 40, 19, 4}},
		chart.Loads{Title: "Manager load", Managers: []string{"Aroha", "Ben", "Chloe"}, Load: []float64{40, 52, 0}, Capacity: []float64{45, 45, 0}},
	}
}

// TestSVG checks every chart's document: well-formed, of the fixed size,
// titled, the same bytes on every call, and free of anything that would
// need the network (an href, a url(), an embedded or imported font).
func TestSVG(t *testing.T) {
	for _, c := range valid() {
		t.Run(fmt.Sprintf("%T", c), func(t *testing.T) {
			d, b := mustDraw(t, c)
			if d.Width != "480pt" || d.Height != "300pt" || d.ViewBox != "0 0 480 300" {
				t.Errorf("size %s x %s, viewBox %q; want 480pt x 300pt, 0 0 480 300", d.Width, d.Height, d.ViewBox)
			}
			if len(d.Texts) == 0 || !strings.Contains(string(b), ">"+d.Texts[0]+"<") || !has(d.Texts, titleOf(c)) {
				t.Errorf("title %q not among the texts %q", titleOf(c), d.Texts)
			}
			again, err := c.SVG()
			if err != nil || !bytes.Equal(again, b) {
				t.Errorf("a second call gave other bytes (err %v)", err)
			}
			for _, bad := range []string{"href", "url(", "@font-face", "@import", "<image", "<script"} {
				if strings.Contains(string(b), bad) {
					t.Errorf("the SVG holds %q", bad)
				}
			}
		})
	}
}

// titleOf returns a chart's title.
func titleOf(c chart.Chart) string {
	switch c := c.(type) {
	case chart.Pareto:
		return c.Title
	case chart.Tiers:
		return c.Title
	case chart.Compliance:
		return c.Title
	case chart.Intervals:
		return c.Title
	case chart.Loads:
		return c.Title
	}
	return ""
}

func TestParetoMark(t *testing.T) {
	values := []float64{10, 50, 30, 10} // sorted: 50 30 10 10
	for _, tc := range []struct {
		name string
		c    chart.Pareto
		want string // the mark's text, "" for none
	}{
		{"none", chart.Pareto{Values: values}, ""},
		{"top 1", chart.Pareto{Values: values, Top: 1}, "top 1 of 4 hold 50.0%"},
		{"top 2", chart.Pareto{Values: values, Top: 2}, "top 2 of 4 hold 80.0%"},
		{"all", chart.Pareto{Values: values, Top: 4}, "top 4 of 4 hold 100.0%"},
		{"zeros count", chart.Pareto{Values: []float64{0, 3, 0, 1}, Top: 1}, "top 1 of 4 hold 75.0%"},
		{"own text", chart.Pareto{Values: values, Top: 2, TopLabel: "the top 2 of 4 accounts hold 80.0% of revenue"}, "the top 2 of 4 accounts hold 80.0% of revenue"},
		{"right half", chart.Pareto{Values: values, Top: 3}, "top 3 of 4 hold 90.0%"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, _ := mustDraw(t, tc.c)
			var marks []string
			for _, s := range d.Texts {
				if strings.Contains(s, "hold") {
					marks = append(marks, s)
				}
			}
			var want []string
			if tc.want != "" {
				want = []string{tc.want}
			}
			if diff := cmp.Diff(want, marks); diff != "" {
				t.Errorf("mark (-want +got):\n%s", diff)
			}
			for _, s := range []string{"value held", "80% of value", "share of accounts (%)", "cumulative share of value (%)"} {
				if !has(d.Texts, s) {
					t.Errorf("no text %q in %q", s, d.Texts)
				}
			}
		})
	}
}

// TestParetoOrder checks that the curve depends only on the values, not on
// their order.
func TestParetoOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		values := rapid.SliceOfN(rapid.Float64Range(0, 1e6), 1, 60).Draw(t, "values")
		values[0] = rapid.Float64Range(1, 1e6).Draw(t, "positive")
		top := rapid.IntRange(0, len(values)).Draw(t, "top")
		perm := slices.Clone(values)
		for i := len(perm) - 1; i > 0; i-- {
			j := rapid.IntRange(0, i).Draw(t, "j")
			perm[i], perm[j] = perm[j], perm[i]
		}
		a, err := chart.Pareto{Values: values, Top: top}.SVG()
		if err != nil {
			t.Fatal(err)
		}
		b, err := chart.Pareto{Values: perm, Top: top}.SVG()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Fatalf("the order of the values changed the chart")
		}
	})
}

func TestTiers(t *testing.T) {
	d, _ := mustDraw(t, chart.Tiers{Tiers: []string{"A", "B"}, Before: []float64{3, 5}, After: []float64{4, 0.5}})
	for _, s := range []string{"A", "B", "3", "5", "4", "0.5", "before", "after", "accounts"} {
		if !has(d.Texts, s) {
			t.Errorf("no text %q in %q", s, d.Texts)
		}
	}
	d, _ = mustDraw(t, chart.Tiers{Tiers: []string{"A"}, Before: []float64{0}, After: []float64{0},
		BeforeLabel: "2025", AfterLabel: "2026", YLabel: "customers"})
	for _, s := range []string{"2025", "2026", "customers"} {
		if !has(d.Texts, s) {
			t.Errorf("no text %q in %q", s, d.Texts)
		}
	}
	if has(d.Texts, "before") || has(d.Texts, "accounts") {
		t.Errorf("a default name drawn beside the caller's: %q", d.Texts)
	}
}

func TestCompliance(t *testing.T) {
	for _, tc := range []struct {
		name    string
		percent []float64
		target  float64
		dec     int
		want    []string // legend entries and figures
	}{
		{"at target meets it", []float64{95}, 95, 0, []string{"meets target", "target 95%", "95%"}},
		{"just below", []float64{94.9}, 95, 1, []string{"below target", "target 95%", "94.9%"}},
		{"both", []float64{100, 0}, 99.5, 3, []string{"meets target", "below target", "target 99.5%", "100.000%", "0.000%"}},
		{"target 0", []float64{0}, 0, 0, []string{"meets target", "target 0%", "0%"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, _ := mustDraw(t, chart.Compliance{Tiers: slices.Repeat([]string{"T"}, len(tc.percent)), Percent: tc.percent, Target: tc.target, Decimals: tc.dec})
			var got []string
			for _, s := range d.Texts {
				if s != "targets met (%)" && (strings.Contains(s, "target") || strings.HasSuffix(s, "%")) {
					got = append(got, s)
				}
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tc.want))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("legend and figures (-want +got):\n%s", diff)
			}
		})
	}
}

func TestIntervals(t *testing.T) {
	// A zero-width interval, and every value equal: the axis still has a range.
	d, _ := mustDraw(t, chart.Intervals{Labels: []string{"A", "B"}, Values: []float64{7, 7}, Low: []float64{7, 7}, High: []float64{7, 7}, Decimals: 2})
	if n := strings.Count(strings.Join(d.Texts, "|"), "7.00"); n != 2 {
		t.Errorf("figures %q, want 7.00 twice", d.Texts)
	}
	d, _ = mustDraw(t, chart.Intervals{YLabel: "CSAT", Labels: []string{"A"}, Values: []float64{4.25}, Low: []float64{3.5}, High: []float64{5}, Decimals: 1})
	for _, s := range []string{"CSAT", "A", "4.2"} {
		if !has(d.Texts, s) {
			t.Errorf("no text %q in %q", s, d.Texts)
		}
	}
}

func TestLoads(t *testing.T) {
	for _, tc := range []struct {
		name           string
		load, capacity []float64
		want           []string // legend
	}{
		{"at capacity", []float64{10}, []float64{10}, []string{"load", "capacity"}},
		{"above", []float64{10.5}, []float64{10}, []string{"load above capacity", "capacity"}},
		{"both", []float64{3, 0, 1}, []float64{2, 0, 0}, []string{"load", "load above capacity", "capacity"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			names := []string{"Ann", "Bob", "Cy"}[:len(tc.load)]
			d, _ := mustDraw(t, chart.Loads{Managers: names, Load: tc.load, Capacity: tc.capacity, Unit: "accounts"})
			var got []string
			for _, s := range d.Texts {
				if strings.Contains(s, "load") || s == "capacity" {
					got = append(got, s)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("legend (-want +got):\n%s", diff)
			}
			// The first manager is drawn at the top: last among the tick labels.
			at := slices.Index(d.Texts, names[0])
			for _, n := range names[1:] {
				if i := slices.Index(d.Texts, n); i > at {
					t.Errorf("%s drawn above %s: %q", n, names[0], d.Texts)
				}
			}
			if !has(d.Texts, "accounts") || has(d.Texts, "workload") {
				t.Errorf("unit not named: %q", d.Texts)
			}
		})
	}
}

// TestLimits checks that the largest inputs the limits allow draw.
func TestLimits(t *testing.T) {
	names := make([]string, chart.MaxCategories)
	ones := make([]float64, chart.MaxCategories)
	for i := range names {
		names[i] = strings.Repeat("x", chart.MaxText-3) + fmt.Sprintf("%03d", i)
		ones[i] = 1
	}
	long := strings.Repeat("é", chart.MaxText/2)
	for _, c := range []chart.Chart{
		chart.Tiers{Title: long, Tiers: names, Before: ones, After: ones},
		chart.Compliance{Title: long, Tiers: names, Percent: ones, Target: 100, Decimals: 3},
		chart.Intervals{Title: long, Labels: names, Values: ones, Low: ones, High: ones},
		chart.Loads{Title: long, Managers: names, Load: ones, Capacity: ones},
		chart.Pareto{Title: long, Values: make([]float64, 100_000), Top: 100_000, TopLabel: long},
	} {
		if p, ok := c.(chart.Pareto); ok {
			p.Values[0] = 1
		}
		mustDraw(t, c)
	}
}

func TestErrorText(t *testing.T) {
	_, err := chart.Compliance{Title: "SLA", Tiers: []string{"A", "B"}, Percent: []float64{95, 100.5}, Target: 95}.SVG()
	const want = `chart: invalid input: Compliance "SLA": Percent[1] 100.5: is above 100`
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	if !errors.Is(err, chart.ErrInvalid) {
		t.Errorf("%v does not wrap ErrInvalid", err)
	}
}
