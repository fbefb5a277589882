package htmlpage

import "html/template"

// page is the report's template. The Content-Security-Policy forbids every
// load (default-src 'none'), allowing only the inline style sheet and style
// attributes, and data: images and fonts, which a chart may embed; so even a
// chart that slipped a URL past the checks could not reach the network.
//
// The chart text is set in "Liberation Sans", the face gonum measured it with;
// the style sheet overrides the charts' inline font-family (hence !important)
// to add Arimo, Arial and Helvetica, faces of the same metrics, and a generic
// sans-serif as fallbacks.
var page = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: "Liberation Sans", Arimo, Arial, Helvetica, sans-serif; color: #222; background: #fff; margin: 2em auto; max-width: 60em; padding: 0 1em; line-height: 1.4; }
h1 { font-size: 1.8em; margin: 0 0 .2em; }
h2 { font-size: 1.35em; margin: 1.6em 0 .5em; border-bottom: 1px solid #ccc; padding-bottom: .2em; }
.subtitle { color: #555; margin: 0 0 1em; }
nav ol { padding-left: 1.5em; columns: 2; }
figure { margin: 1em 0; }
figure svg { display: block; width: 100%; max-width: 640px; height: auto; }
figure svg text { font-family: "Liberation Sans", Arimo, Arial, Helvetica, sans-serif !important; }
figcaption { color: #555; font-size: .9em; margin-top: .3em; }
table { border-collapse: collapse; margin: 1em 0; font-size: .9em; }
caption { text-align: left; font-weight: bold; padding-bottom: .3em; }
th, td { border-bottom: 1px solid #ddd; padding: .25em .6em; text-align: left; vertical-align: top; }
th { border-bottom: 2px solid #999; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  nav { display: none; }
  h2 { break-after: avoid; }
  figure, table { break-inside: avoid; }
  figure svg { max-width: 16cm; }
}
</style>
</head>
<body>
<header>
<h1>{{.Title}}</h1>
{{- if .Subtitle}}
<p class="subtitle">{{.Subtitle}}</p>
{{- end}}
</header>
{{- if gt .Headings 1}}
<nav>
<ol>
{{- range .Sections}}{{if .Heading}}
<li><a href="#{{.ID}}">{{.Heading}}</a></li>
{{- end}}{{end}}
</ol>
</nav>
{{- end}}
<main>
{{- range .Sections}}
<section id="{{.ID}}">
{{- if .Heading}}
<h2>{{.Heading}}</h2>
{{- end}}
{{- range .Paragraphs}}
<p>{{.}}</p>
{{- end}}
{{- range .Charts}}
<figure>
<div{{if .Caption}} role="img" aria-label="{{.Caption}}"{{end}}>
{{.SVG}}</div>
{{- if .Caption}}
<figcaption>{{.Caption}}</figcaption>
{{- end}}
</figure>
{{- end}}
{{- range .Tables}}
<table>
{{- if .Caption}}
<caption>{{.Caption}}</caption>
{{- end}}
<thead>
<tr>{{range .Header}}<th{{if .Numeric}} class="num"{{end}}>{{.Text}}</th>{{end}}</tr>
</thead>
<tbody>
{{- range .Rows}}
<tr>{{range .}}<td{{if .Numeric}} class="num"{{end}}>{{.Text}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
{{- end}}
</section>
{{- end}}
</main>
</body>
</html>
`))
