package htmlpage

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// ErrInvalid reports a Page that cannot be written: no title, text that is
// not valid UTF-8, a table row whose length differs from its header's, or a
// chart whose SVG is not well-formed XML or could load or run something. The
// error is an [*account.FieldError] naming the field ("Sections[1].Charts[0].SVG").
var ErrInvalid = errors.New("htmlpage: invalid input")

// A Page is a report: a title, an optional subtitle (the date, the data
// source) and its sections, in order.
type Page struct {
	Title, Subtitle string
	Sections        []Section
}

// A Section is a part of the report under a heading: its paragraphs, then
// its charts, then its tables. A page with more than one heading opens with
// a list of contents linking to them; a section without a heading has no
// entry there.
type Section struct {
	Heading    string
	Paragraphs []string
	Charts     []Chart
	Tables     []Table
}

// A Chart is one SVG document (such as a chart package chart's output),
// inlined in the page with its caption below it.
type Chart struct {
	Caption string
	SVG     []byte
}

// A Table is a table of text: a caption, a header row and rows of the same
// length as the header. A column whose body cells all look like numbers (see
// Numeric) is right-aligned, its header too.
type Table struct {
	Caption string
	Header  []string
	Rows    [][]string
}

// Write writes p to w as one self-contained HTML document: the style sheet is
// inline, the charts are inline SVG, and nothing is loaded from anywhere (a
// Content-Security-Policy in the page forbids it); there is no script. Every
// text is escaped by html/template. Write checks the whole page first and
// writes nothing when it is not valid.
func Write(w io.Writer, p Page) error {
	v, err := build(p)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := page.Execute(&buf, v); err != nil {
		return err
	}
	_, err = buf.WriteTo(w)
	return err
}

// The page as the template sees it.
type (
	pageView struct {
		Title, Subtitle string
		Headings        int // sections with a heading: a contents list when more than one
		Sections        []sectionView
	}
	sectionView struct {
		ID, Heading string
		Paragraphs  []string
		Charts      []chartView
		Tables      []tableView
	}
	chartView struct {
		Caption string
		SVG     template.HTML
	}
	tableView struct {
		Caption string
		Header  []cellView
		Rows    [][]cellView
	}
	cellView struct {
		Text    string
		Numeric bool
	}
)

// build checks p and returns its view.
func build(p Page) (pageView, error) {
	var errs fault.List
	bad := func(field string, value any, reason string) {
		errs.Add(&account.FieldError{Record: "Page", ID: p.Title, Field: field, Value: value, Reason: reason, Err: ErrInvalid})
	}
	text := func(field, s string) {
		if !utf8.ValidString(s) {
			bad(field, s, "is not valid UTF-8")
		}
	}
	if p.Title == "" {
		bad("Title", nil, "is empty")
	}
	text("Title", p.Title)
	text("Subtitle", p.Subtitle)
	v := pageView{Title: p.Title, Subtitle: p.Subtitle}
	for i, s := range p.Sections {
		at := fmt.Sprintf("Sections[%d]", i)
		text(at+".Heading", s.Heading)
		if s.Heading != "" {
			v.Headings++
		}
		sv := sectionView{ID: fmt.Sprintf("section-%d", i+1), Heading: s.Heading, Paragraphs: s.Paragraphs}
		for j, para := range s.Paragraphs {
			text(fmt.Sprintf("%s.Paragraphs[%d]", at, j), para)
		}
		for j, c := range s.Charts {
			cat := fmt.Sprintf("%s.Charts[%d]", at, j)
			text(cat+".Caption", c.Caption)
			svg, err := inlineSVG(c.SVG)
			if err != nil {
				bad(cat+".SVG", nil, err.Error())
				continue
			}
			// The SVG passed inlineSVG: well-formed, no script, nothing to load.
			sv.Charts = append(sv.Charts, chartView{Caption: c.Caption, SVG: template.HTML(svg)})
		}
		for j, t := range s.Tables {
			tat := fmt.Sprintf("%s.Tables[%d]", at, j)
			text(tat+".Caption", t.Caption)
			if len(t.Header) == 0 {
				bad(tat+".Header", nil, "is empty")
				continue
			}
			numeric := make([]bool, len(t.Header))
			for k := range numeric {
				numeric[k] = len(t.Rows) > 0
			}
			for k, h := range t.Header {
				text(fmt.Sprintf("%s.Header[%d]", tat, k), h)
			}
			ok := true
			for r, row := range t.Rows {
				if len(row) != len(t.Header) {
					bad(fmt.Sprintf("%s.Rows[%d]", tat, r), len(row), fmt.Sprintf("has %d cells for %d columns", len(row), len(t.Header)))
					ok = false
					continue
				}
				for k, cell := range row {
					text(fmt.Sprintf("%s.Rows[%d][%d]", tat, r, k), cell)
					numeric[k] = numeric[k] && (blank(cell) || Numeric(cell))
				}
			}
			if !ok {
				continue
			}
			tv := tableView{Caption: t.Caption}
			for k, h := range t.Header {
				tv.Header = append(tv.Header, cellView{h, numeric[k]})
			}
			for _, row := range t.Rows {
				cells := make([]cellView, len(row))
				for k, cell := range row {
					cells[k] = cellView{cell, numeric[k]}
				}
				tv.Rows = append(tv.Rows, cells)
			}
			sv.Tables = append(sv.Tables, tv)
		}
		v.Sections = append(v.Sections, sv)
	}
	return v, errs.Err()
}

// number is what Numeric accepts: an optional sign, an optional currency
// code or symbol, digits with optional thousands separators and decimals, and
// an optional unit of up to four letters or a percent or per-mille sign.
var number = regexp.MustCompile(`^[+\-−]?(?:[A-Z]{3} ?|[$€£¥])?[0-9][0-9,\x{202F}\x{00A0}]*(?:\.[0-9]+)?(?: ?(?:%|‰|pp|[A-Za-z]{1,4}))?$`)

// Numeric reports whether a table cell reads as a number, which the page
// right-aligns: "1,234", "-5.5", "93.0%", "NZD 1,200.00", "1200.00 NZD",
// "$12", "+3pp", "14d". A column is right-aligned when each of its body cells
// is numeric or blank ("", "-", "—", "n/a"), and at least one row exists.
func Numeric(cell string) bool {
	return number.MatchString(strings.TrimSpace(cell))
}

// blank reports whether a cell holds no value.
func blank(cell string) bool {
	switch strings.TrimSpace(cell) {
	case "", "-", "—", "–", "n/a":
		return true
	}
	return false
}
