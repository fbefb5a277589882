package chart_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/keyaccount/keyaccount/account"
)

// drawing is what a test reads of a chart's SVG: the root's size and the
// text of every text element, in document order.
type drawing struct {
	Width, Height, ViewBox string
	Texts                  []string
	Elements               map[string]int // elements by name
}

// parse reads an SVG document: it must be well-formed XML with an svg root
// in the SVG namespace.
func parse(b []byte) (drawing, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	var (
		out    = drawing{Elements: map[string]int{}}
		inText bool
		text   strings.Builder
		depth  int
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return out, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				if t.Name.Local != "svg" || t.Name.Space != "http://www.w3.org/2000/svg" {
					return out, errors.New("root is not svg")
				}
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "width":
						out.Width = a.Value
					case "height":
						out.Height = a.Value
					case "viewBox":
						out.ViewBox = a.Value
					}
				}
			}
			depth++
			out.Elements[t.Name.Local]++
			if t.Name.Local == "text" {
				inText = true
				text.Reset()
			}
		case xml.CharData:
			if inText {
				text.Write(t)
			}
		case xml.EndElement:
			depth--
			if t.Name.Local == "text" {
				out.Texts = append(out.Texts, text.String())
				inText = false
			}
		}
	}
	if out.Width == "" {
		return out, errors.New("no svg root")
	}
	return out, nil
}

// mustDraw returns the parsed SVG of c, failing the test on an error.
func mustDraw(t *testing.T, c interface{ SVG() ([]byte, error) }) (drawing, []byte) {
	t.Helper()
	b, err := c.SVG()
	if err != nil {
		t.Fatalf("%T.SVG: %v", c, err)
	}
	d, err := parse(b)
	if err != nil {
		t.Fatalf("%T.SVG is not a well-formed SVG document: %v", c, err)
	}
	return d, b
}

// has reports whether texts holds s.
func has(texts []string, s string) bool {
	for _, x := range texts {
		if x == s {
			return true
		}
	}
	return false
}

// fieldErrors returns the field errors of a validation's error, which
// joins them (fault.List) in the order found.
func fieldErrors(err error) []account.FieldError {
	joined, _ := err.(interface{ Unwrap() []error })
	if joined == nil {
		return nil
	}
	out := make([]account.FieldError, len(joined.Unwrap()))
	for i, e := range joined.Unwrap() {
		if fe := new(account.FieldError); errors.As(e, &fe) {
			out[i] = *fe
		}
	}
	return out
}
