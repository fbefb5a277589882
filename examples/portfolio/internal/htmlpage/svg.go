package htmlpage

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// svgNS is the SVG namespace, which the root element must declare.
const svgNS = "http://www.w3.org/2000/svg"

// svgElements are the SVG elements a chart may hold: those gonum's SVG back
// end writes, and the plain shapes and text. Anything else (script,
// foreignObject, a, use, HTML elements) is refused.
var svgElements = map[string]bool{
	"svg": true, "g": true, "defs": true, "style": true, "title": true, "desc": true,
	"path": true, "rect": true, "circle": true, "ellipse": true, "line": true,
	"polyline": true, "polygon": true, "text": true, "tspan": true,
	"clipPath": true, "linearGradient": true, "radialGradient": true, "stop": true,
	"image": true,
}

// inlineSVG checks that b is one well-formed SVG document that needs no
// network and runs no script, and returns its root element's bytes, without
// the XML declaration, comments or doctype around it, for inlining in HTML.
//
// It refuses: text that is not well-formed XML, or text outside the root; a
// CDATA section, and a comment or processing instruction inside the root; a
// doctype (which could declare entities); a root element other than svg in the SVG namespace; any
// element outside svgElements; an attribute whose name starts with "on" (an
// event handler); an href that is not a fragment ("#id") or, on an image, a
// data:image URL; and url(...) or @import in a style that points anywhere but
// a fragment or a data: URL.
func inlineSVG(b []byte) ([]byte, error) {
	// HTML reads a CDATA section or a comment in SVG as XML does, but a
	// reader of the page's source (or a checker) that does not could take
	// markup inside one for real: gonum writes neither inside the root.
	if bytes.Contains(b, []byte("<![CDATA[")) {
		return nil, errors.New("has a CDATA section")
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	start := int64(-1)
	var end int64 // set when the root closes, which a well-formed document does
	depth := 0
	for {
		before := d.InputOffset()
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, errors.New("is not well-formed XML: " + err.Error())
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				if start >= 0 {
					return nil, errors.New("has more than one root element")
				}
				if t.Name.Local != "svg" || t.Name.Space != svgNS {
					return nil, errors.New("has a root element that is not svg in the SVG namespace")
				}
				start = before
			}
			if t.Name.Space != svgNS || !svgElements[t.Name.Local] {
				return nil, errors.New("holds an element <" + t.Name.Local + "> that a chart does not need")
			}
			for _, a := range t.Attr {
				if err := checkAttr(t.Name.Local, a); err != nil {
					return nil, err
				}
			}
			depth++
		case xml.EndElement:
			depth--
			if depth == 0 {
				end = d.InputOffset()
			}
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(t)) > 0 {
				return nil, errors.New("has text outside the svg element")
			}
			if !safeStyle(string(t)) {
				return nil, errors.New("has a style that loads an external resource")
			}
		case xml.Comment:
			if depth > 0 {
				return nil, errors.New("has a comment inside the svg element")
			}
		case xml.Directive:
			return nil, errors.New("has a doctype or other directive")
		case xml.ProcInst:
			if depth > 0 {
				return nil, errors.New("has a processing instruction inside the svg element")
			}
		}
	}
	if start < 0 {
		return nil, errors.New("has no svg element")
	}
	return b[start:end], nil
}

// checkAttr checks one attribute of an element named elem.
func checkAttr(elem string, a xml.Attr) error {
	name := strings.ToLower(a.Name.Local)
	switch {
	case strings.HasPrefix(name, "on"):
		return errors.New("has an event handler attribute " + a.Name.Local)
	case name == "href":
		v := strings.TrimSpace(a.Value)
		if strings.HasPrefix(v, "#") || elem == "image" && strings.HasPrefix(v, "data:image/") {
			return nil
		}
		return errors.New("has an href that points outside the document")
	case !safeStyle(a.Value):
		return errors.New("has a style that loads an external resource")
	}
	return nil
}

// safeStyle reports whether s (a style sheet, a style attribute or any
// attribute value) loads nothing: it has no @import, and each url( is
// followed by a fragment or a data: URL.
func safeStyle(s string) bool {
	low := strings.ToLower(s)
	if strings.Contains(low, "@import") {
		return false
	}
	for {
		i := strings.Index(low, "url(")
		if i < 0 {
			return true
		}
		low = strings.TrimLeft(low[i+len("url("):], " \t\r\n\"'")
		if !strings.HasPrefix(low, "#") && !strings.HasPrefix(low, "data:") {
			return false
		}
	}
}
