// Package htmlpage writes the portfolio pack's report as one self-contained
// HTML page: a title, a subtitle and sections of paragraphs, charts and
// tables, rendered with html/template.
//
//	page := htmlpage.Page{
//		Title:    "Quarterly account review",
//		Subtitle: "As of 1 October 2026 (Pacific/Auckland)",
//		Sections: []htmlpage.Section{{
//			Heading:    "Concentration",
//			Paragraphs: []string{"The top 20 of 443 accounts hold 93.0% of revenue."},
//			Charts:     []htmlpage.Chart{{Caption: "Pareto curve", SVG: svg}}, // from package chart
//			Tables: []htmlpage.Table{{
//				Header: []string{"account", "revenue"},
//				Rows:   [][]string{{"Acme", "NZD 1,200.00"}},
//			}},
//		}},
//	}
//	err := htmlpage.Write(f, page)
//
// # Self-contained
//
// The page loads nothing: its style sheet is inline, its charts are inline
// SVG, it has no script, and a Content-Security-Policy in its head forbids
// every load but data: images and fonts, so a browser makes no request
// beyond the file itself. It reads well in print (no contents list, no
// figure or table split across pages).
//
// Every text (title, headings, paragraphs, captions, cells) is escaped by
// html/template: an account named <script> is shown, never run. A chart's
// SVG is inlined as it is, after a check that it is one well-formed XML
// document (no text outside its root, no CDATA section or comment inside it)
// whose root is svg in the SVG namespace and that it holds only the elements
// a chart needs (no script, foreignObject or HTML), no event-handler
// attribute, no href outside the document, and no style that imports or
// points to a URL other than a fragment or data: URL; its XML prolog
// (declaration, comments) is dropped. The charts' text names the Liberation
// Sans typeface that gonum measured it with; the page's style sheet adds
// Arimo, Arial and Helvetica (faces of the same metrics) as fallbacks.
//
// Write checks the whole page before writing anything: a page without a
// title, text that is not valid UTF-8, a table row of another length than its
// header, or an SVG that fails the check is an error wrapping [ErrInvalid],
// an *account.FieldError naming the field ("Sections[1].Charts[0].SVG").
//
// # Tables
//
// A column is right-aligned, header included, when each of its body cells is
// a number as [Numeric] reads one ("1,234", "93.0%", "NZD 1,200.00") or
// blank ("", "-", "—", "n/a").
//
// # The browser test
//
// The package's tests open a report with every chart in headless Chromium
// (driven with github.com/chromedp/chromedp) from a file: URL, and check that
// each chart has a non-empty box and every label rendered, that the browser
// requested nothing but the file and logged nothing, and save a screenshot
// under the test's temporary directory. They look for the browser at
// /usr/bin/chromium or at $KEYACCOUNT_CHROMIUM and skip without one; with
// KEYACCOUNT_SCREENSHOT=FILE they also copy the screenshot there.
package htmlpage
