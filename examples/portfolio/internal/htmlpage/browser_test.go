package htmlpage_test

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"github.com/keyaccount/keyaccount/examples/portfolio/internal/htmlpage"
)

// chromium returns the path of the browser for TestBrowser: the
// KEYACCOUNT_CHROMIUM environment variable, or Debian's /usr/bin/chromium.
func chromium(t *testing.T) string {
	path := os.Getenv("KEYACCOUNT_CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := os.Stat(path); err != nil {
		t.Skipf("no browser at %s, so the real-browser test of the HTML report does not run: "+
			"install Debian's chromium package (apt-get install chromium; .ci/run does it), "+
			"or set KEYACCOUNT_CHROMIUM to a Chromium or Chrome binary", path)
	}
	return path
}

// svgBox is what the page's script reports of one inline svg element.
type svgBox struct {
	Width, Height float64 // its bounding client rectangle
	Texts         int     // its text elements
	EmptyTexts    int     // of which those with an empty bounding box
}

// visit is what the browser saw of one page.
type visit struct {
	url      string   // the page's file: URL
	boxes    []svgBox // its svg elements
	requests []string // the URL of every request
	problems []string // failed loads, log entries, exceptions, console calls
	shot     []byte   // a PNG screenshot of the whole page
}

// browse writes html to a file under dir, opens it in the headless browser
// exe from its file: URL and reports what the browser saw.
func browse(t *testing.T, exe, dir string, html []byte) visit {
	t.Helper()
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, html, 0o644); err != nil {
		t.Fatal(err)
	}
	v := visit{url: (&url.URL{Scheme: "file", Path: file}).String()}

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
			v.requests = append(v.requests, e.Request.URL)
		case *network.EventLoadingFailed:
			v.problems = append(v.problems, "loading failed: "+e.ErrorText)
		case *log.EventEntryAdded:
			v.problems = append(v.problems, "log: "+string(e.Entry.Level)+": "+e.Entry.Text)
		case *runtime.EventExceptionThrown:
			v.problems = append(v.problems, "exception: "+e.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			v.problems = append(v.problems, "console: "+string(e.Type))
		}
	})
	if err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(v.url)); err != nil {
		t.Fatalf("opening %s: %v", v.url, err)
	}
	v.boxes, err = chromedp.Run(ctx, chromedp.Evaluate[[]svgBox](`Array.from(document.querySelectorAll("svg"), s => {
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
	v.shot, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	// Stop the browser before reading what the listener recorded.
	cancel()
	mu.Lock()
	defer mu.Unlock()
	return v
}

// TestBrowser opens a report with every chart in headless Chromium, from a
// file: URL, and checks that each chart rendered with a non-empty size and
// every label drawn, that the page requested nothing but itself and logged
// nothing (no blocked load, no error), and saves a screenshot under the
// test's temporary directory (and to $KEYACCOUNT_SCREENSHOT when set, for
// the README).
func TestBrowser(t *testing.T) {
	exe := chromium(t)
	page := portfolioPage(t)
	charts := 0
	for _, s := range page.Sections {
		charts += len(s.Charts)
	}
	var buf bytes.Buffer
	if err := htmlpage.Write(&buf, page); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	v := browse(t, exe, dir, buf.Bytes())

	if len(v.boxes) != charts {
		t.Errorf("the browser found %d svg elements, want %d (one per chart)", len(v.boxes), charts)
	}
	for i, b := range v.boxes {
		if !(b.Width > 0 && b.Height > 0) {
			t.Errorf("chart %d rendered as %gx%g px, want a non-empty box", i, b.Width, b.Height)
		}
		if b.Texts == 0 || b.EmptyTexts != 0 {
			t.Errorf("chart %d: %d of its %d text elements rendered empty", i, b.EmptyTexts, b.Texts)
		}
	}
	if diff := cmp.Diff([]string{v.url}, v.requests); diff != "" {
		t.Errorf("the page must request nothing but itself (-want +got):\n%s", diff)
	}
	for _, p := range v.problems {
		t.Errorf("the browser reported %s", p)
	}
	if !bytes.HasPrefix(v.shot, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("the screenshot is not a PNG (%d bytes)", len(v.shot))
	}
	png := filepath.Join(dir, "report.png")
	if err := os.WriteFile(png, v.shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot of %d charts: %s (%d bytes)", len(v.boxes), png, len(v.shot))
	if out := os.Getenv("KEYACCOUNT_SCREENSHOT"); out != "" {
		if err := os.WriteFile(out, v.shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBrowserSeesFaults checks that the checks of TestBrowser can fail: a
// hand-written page (not from Write) that loads an image from a local port
// nothing listens on, and has an empty svg and a blank text, is seen doing
// all of it.
func TestBrowserSeesFaults(t *testing.T) {
	exe := chromium(t)
	html := `<!DOCTYPE html><html><head><title>faulty</title></head><body>
<img src="http://127.0.0.1:9/x.png" alt="">
<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"></svg>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><text x="1" y="20"></text></svg>
</body></html>`
	v := browse(t, exe, t.TempDir(), []byte(html))
	want := []svgBox{{Width: 0, Height: 0}, {Width: 100, Height: 50, Texts: 1, EmptyTexts: 1}}
	if diff := cmp.Diff(want, v.boxes); diff != "" {
		t.Errorf("svg boxes (-want +got):\n%s", diff)
	}
	if !slices.Contains(v.requests, "http://127.0.0.1:9/x.png") {
		t.Errorf("the image's request was not seen; requests: %q", v.requests)
	}
	if len(v.problems) == 0 {
		t.Errorf("the failed load of the image was not reported")
	}
}
