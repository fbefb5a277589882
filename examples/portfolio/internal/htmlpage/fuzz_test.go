package htmlpage_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/keyaccount/keyaccount/examples/portfolio/internal/htmlpage"
)

// FuzzWrite writes a page from arbitrary text and SVG bytes: either an error
// wrapping ErrInvalid and nothing written, or a page in which the text never
// became markup (no script, no element but the template's and the SVG's).
func FuzzWrite(f *testing.F) {
	f.Add("t", "<script>", []byte(tinySVG))
	f.Add("", "a & b", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><g onload="x"/></svg>`))
	f.Add("x", "\xff", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><style>@import "x"</style></svg>`))
	f.Add("x", "y", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/png;base64,"/><![CDATA[</svg><script>]]></svg>`))
	f.Fuzz(func(t *testing.T, title, text string, svg []byte) {
		p := htmlpage.Page{Title: title, Sections: []htmlpage.Section{{
			Heading: text, Paragraphs: []string{text},
			Charts: []htmlpage.Chart{{Caption: text, SVG: svg}},
			Tables: []htmlpage.Table{{Header: []string{text}, Rows: [][]string{{text}}}},
		}}}
		var buf bytes.Buffer
		err := htmlpage.Write(&buf, p)
		if err != nil {
			if !errors.Is(err, htmlpage.ErrInvalid) || buf.Len() != 0 {
				t.Fatalf("error %v, %d bytes written", err, buf.Len())
			}
			return
		}
		low := strings.ToLower(buf.String())
		for _, bad := range []string{"<script", "<iframe", "<object", "<embed", "<link", "<foreignobject"} {
			if strings.Contains(low, bad) {
				t.Fatalf("the page holds %s", bad)
			}
		}
	})
}
