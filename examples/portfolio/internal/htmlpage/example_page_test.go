package htmlpage_test

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/keyaccount/keyaccount/examples/portfolio/internal/chart"
	"github.com/keyaccount/keyaccount/examples/portfolio/internal/htmlpage"
)

// A page with one chart and one table; the example prints the lines of the
// body that show the report's content.
func ExampleWrite() {
	svg, err := chart.Compliance{
		Title:   "SLA compliance, Q3 2026",
		Tiers:   []string{"Strategic", "Key"},
		Percent: []float64{97.5, 93.1},
		Target:  95,
	}.SVG()
	if err != nil {
		fmt.Println(err)
		return
	}
	page := htmlpage.Page{
		Title: "Quarterly account review",
		Sections: []htmlpage.Section{{
			Heading: "Service",
			Charts:  []htmlpage.Chart{{Caption: "SLA compliance by tier", SVG: svg}},
			Tables: []htmlpage.Table{{
				Header: []string{"tier", "tickets", "met"},
				Rows:   [][]string{{"Strategic", "1,204", "97.5%"}, {"<Key>", "880", "93.1%"}},
			}},
		}},
	}
	var buf bytes.Buffer
	if err := htmlpage.Write(&buf, page); err != nil {
		fmt.Println(err)
		return
	}
	for line := range strings.Lines(buf.String()) {
		for _, tag := range []string{"<h1>", "<h2>", "<figcaption>", "<tr>"} {
			if strings.HasPrefix(line, tag) {
				fmt.Print(line)
			}
		}
	}
	fmt.Println(strings.Count(buf.String(), "<svg"), "chart")
	// Output:
	// <h1>Quarterly account review</h1>
	// <h2>Service</h2>
	// <figcaption>SLA compliance by tier</figcaption>
	// <tr><th>tier</th><th class="num">tickets</th><th class="num">met</th></tr>
	// <tr><td>Strategic</td><td class="num">1,204</td><td class="num">97.5%</td></tr>
	// <tr><td>&lt;Key&gt;</td><td class="num">880</td><td class="num">93.1%</td></tr>
	// 1 chart
}

// A chart that could run a script is refused, and nothing is written.
func ExampleWrite_invalid() {
	page := htmlpage.Page{
		Title: "Report",
		Sections: []htmlpage.Section{{Charts: []htmlpage.Chart{{
			SVG: []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`),
		}}}},
	}
	var buf bytes.Buffer
	err := htmlpage.Write(&buf, page)
	fmt.Println(err)
	fmt.Println(buf.Len(), "bytes written")
	// Output:
	// htmlpage: invalid input: Page "Report": Sections[0].Charts[0].SVG: holds an element <script> that a chart does not need
	// 0 bytes written
}
