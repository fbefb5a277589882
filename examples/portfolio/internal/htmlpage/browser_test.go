package htmlpage_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keyaccount/keyaccount/examples/portfolio/internal/browsertest"
	"github.com/keyaccount/keyaccount/examples/portfolio/internal/htmlpage"
)

// TestBrowser opens a report with every chart in headless Chromium, from a
// file: URL, and checks that each chart rendered with a non-empty size and
// every label drawn, that the page requested nothing but itself and logged
// nothing (no blocked load, no error), and saves a screenshot under the
// test's temporary directory (and to $KEYACCOUNT_SCREENSHOT when set, for
// the README).
func TestBrowser(t *testing.T) {
	exe := browsertest.Chromium(t)
	page := portfolioPage(t)
	charts := 0
	for _, s := range page.Sections {
		charts += len(s.Charts)
	}
	var buf bytes.Buffer
	if err := htmlpage.Write(&buf, page); err != nil {
		t.Fatal(err)
	}
	browsertest.Check(t, browsertest.Open(t, exe, t.TempDir(), buf.Bytes()), charts)
}

// TestBrowserSeesFaults checks that the checks of TestBrowser can fail: a
// hand-written page (not from Write) that loads an image from a local port
// nothing listens on, and has an empty svg and a blank text, is seen doing
// all of it.
func TestBrowserSeesFaults(t *testing.T) {
	exe := browsertest.Chromium(t)
	html := `<!DOCTYPE html><html><head><title>faulty</title></head><body>
<img src="http://127.0.0.1:9/x.png" alt="">
<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"></svg>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><text x="1" y="20"></text></svg>
</body></html>`
	v := browsertest.Open(t, exe, t.TempDir(), []byte(html))
	want := []browsertest.SVGBox{{Width: 0, Height: 0}, {Width: 100, Height: 50, Texts: 1, EmptyTexts: 1}}
	if diff := cmp.Diff(want, v.Boxes); diff != "" {
		t.Errorf("svg boxes (-want +got):\n%s", diff)
	}
	if !slices.Contains(v.Requests, "http://127.0.0.1:9/x.png") {
		t.Errorf("the image's request was not seen; requests: %q", v.Requests)
	}
	if len(v.Problems) == 0 {
		t.Errorf("the failed load of the image was not reported")
	}
}
