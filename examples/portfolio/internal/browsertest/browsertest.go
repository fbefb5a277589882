// Package browsertest opens an HTML report in a real headless Chromium, driven
// with github.com/chromedp/chromedp, and checks what the browser saw: that every
// chart (inline svg) rendered with a non-empty box and every label drawn, that
// the page requested nothing but itself and logged nothing, and it saves a
// screenshot. It is the tests' side of package htmlpage, as net/http/httptest is
// of net/http, shared by htmlpage's tests and the portfolio command's:
//
//	func TestBrowser(t *testing.T) {
//		exe := browsertest.Chromium(t) // skips, saying how to run it, without a browser
//		v := browsertest.Open(t, exe, t.TempDir(), page)
//		browsertest.Check(t, v, 5)     // five charts, no request, no complaint
//	}
//
// The browser is Debian's /usr/bin/chromium, or the one $KEYACCOUNT_CHROMIUM
// names; with $KEYACCOUNT_SCREENSHOT=FILE, Check also copies the screenshot
// there (the README's is made so).
package browsertest

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"
)

// Chromium returns the path of the browser: the KEYACCOUNT_CHROMIUM
// environment variable, or Debian's /usr/bin/chromium. Without one it skips
// the test, with a message saying how to run it.
func Chromium(t testing.TB) string {
	t.Helper()
	path := os.Getenv("KEYACCOUNT_CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := os.Stat(path); err != nil {
		t.Skipf("no browser at %s, so the real-browser test of the HTML report does not run: "+
			"install Debian's chromium package (apt-get install chromium fonts-liberation; .ci/run does it), "+
			"or set KEYACCOUNT_CHROMIUM to a Chromium or Chrome binary", path)
	}
	return path
}

// An SVGBox is what the browser reports of one inline svg element.
type SVGBox struct {
	Width, Height float64 // its bounding client rectangle, in CSS pixels
	Texts         int     // its text elements
	EmptyTexts    int     // of which those with an empty bounding box
}

// A Visit is what the browser saw of one page.
type Visit struct {
	Dir      string   // the directory the page was written to
	URL      string   // the page's file: URL
	Boxes    []SVGBox // its svg elements, in document order
	Requests []string // the URL of every request the page made, itself included
	Problems []string // failed loads, log entries, exceptions, console calls
	Shot     []byte   // a PNG screenshot of the whole page
}

// Open writes html to report.html under dir, opens it in the headless
// browser exe from its file: URL and reports what the browser saw.
func Open(t testing.TB, exe, dir string, html []byte) Visit {
	t.Helper()
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, html, 0o644); err != nil {
		t.Fatal(err)
	}
	v := Visit{Dir: dir, URL: (&url.URL{Scheme: "file", Path: file}).String()}

	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox cannot start
		chromedp.DisableGPU,
		chromedp.WindowSize(1000, 800),
	)
	ctx, cancel = chromedp.NewExecAllocator(ctx, opts...)
	defer cancel()
	ctx, cancel = chromedp.NewContext(ctx)
	defer cancel()

	var mu sync.Mutex
	err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			v.Requests = append(v.Requests, e.Request.URL)
		case *network.EventLoadingFailed:
			v.Problems = append(v.Problems, "loading failed: "+e.ErrorText)
		case *log.EventEntryAdded:
			v.Problems = append(v.Problems, "log: "+string(e.Entry.Level)+": "+e.Entry.Text)
		case *runtime.EventExceptionThrown:
			v.Problems = append(v.Problems, "exception: "+e.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			v.Problems = append(v.Problems, "console: "+string(e.Type))
		}
	})
	if err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(v.URL)); err != nil {
		t.Fatalf("opening %s: %v", v.URL, err)
	}
	v.Boxes, err = chromedp.Run(ctx, chromedp.Evaluate[[]SVGBox](`Array.from(document.querySelectorAll("svg"), s => {
		const r = s.getBoundingClientRect();
		const texts = Array.from(s.querySelectorAll("text"));
		return {
			Width: r.width, Height: r.height, Texts: texts.length,
			EmptyTexts: texts.filter(x => { const b = x.getBoundingClientRect(); return !(b.width > 0 && b.height > 0); }).length,
		};
	})`))
	if err != nil {
		t.Fatal(err)
	}
	v.Shot, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	// Stop the browser before reading what the listener recorded.
	cancel()
	mu.Lock()
	defer mu.Unlock()
	return v
}

// Check reports as test errors what is wrong with the visit of a page that
// should show charts charts: an svg element count other than charts, a chart
// with an empty box or a label drawn empty, a request for anything but the
// page, a problem the browser reported, a screenshot that is not a PNG. It
// saves the screenshot as report.png beside the page, and copies it to
// $KEYACCOUNT_SCREENSHOT when that is set.
func Check(t testing.TB, v Visit, charts int) {
	t.Helper()
	if len(v.Boxes) != charts {
		t.Errorf("the browser found %d svg elements, want %d (one per chart)", len(v.Boxes), charts)
	}
	for i, b := range v.Boxes {
		if !(b.Width > 0 && b.Height > 0) {
			t.Errorf("chart %d rendered as %gx%g px, want a non-empty box", i, b.Width, b.Height)
		}
		if b.Texts == 0 || b.EmptyTexts != 0 {
			t.Errorf("chart %d: %d of its %d text elements rendered empty", i, b.EmptyTexts, b.Texts)
		}
	}
	if diff := cmp.Diff([]string{v.URL}, v.Requests); diff != "" {
		t.Errorf("the page must request nothing but itself (-want +got):\n%s", diff)
	}
	for _, p := range v.Problems {
		t.Errorf("the browser reported %s", p)
	}
	if !bytes.HasPrefix(v.Shot, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("the screenshot is not a PNG (%d bytes)", len(v.Shot))
	}
	png := filepath.Join(v.Dir, "report.png")
	if err := os.WriteFile(png, v.Shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot of %d charts: %s (%d bytes)", len(v.Boxes), png, len(v.Shot))
	if out := os.Getenv("KEYACCOUNT_SCREENSHOT"); out != "" {
		if err := os.WriteFile(out, v.Shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
