package timeline

import (
	"fmt"
	"io"
	"text/template"
	"time"
)

type (
	// A Panel is one build's timeline in a picture.
	Panel struct {
		Title    string
		Timeline *Timeline
	}

	// A Legend names the classes of a picture: in the legend, in each
	// panel's totals, and what a bar counts.
	Legend struct {
		// Labels name the classes in the legend, in class order.
		Labels [numClasses]string
		// Totals name the classes in a panel's totals, in class order.
		Totals [numClasses]string
		// Note follows the labels: what a bar counts, what the dashes are.
		Note string
	}
)

// CallsLegend is the legend of a load's calls, the default of [SVG].
var CallsLegend = Legend{
	Labels: [numClasses]string{"ok", "failed", "refused / unavailable"},
	Totals: [numClasses]string{"ok", "failed", "refused"},
	Note:   "calls per 100 ms; dashed: signals",
}

const (
	panelW, panelH            = 440, 220
	marginL, marginT, marginB = 48, 48, 34
)

// colors of the classes: ok, failed, refused.
var colors = [numClasses]string{"#4c9a2a", "#d1495b", "#edae49"}

type (
	bar struct {
		X, W   float64
		Blocks []block
	}
	block struct {
		Y, H  float64
		Color string
	}
	markView struct {
		X     float64
		Label string
	}
	panelView struct {
		X      float64
		Title  string
		Totals string
		Bars   []bar
		Marks  []markView
		Max    int
		Secs   []tick
	}
	tick struct {
		X     float64
		Label string
	}
	legendItem struct {
		X     float64
		Color string
		Label string
	}
)

// legendCharW is the width the legend allows per character of a label.
const legendCharW = 6

var svgTemplate = template.Must(template.New("svg").Parse(`<svg xmlns="http://www.w3.org/2000/svg" width="{{.W}}" height="{{.H}}" viewBox="0 0 {{.W}} {{.H}}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="white"/>
<text x="10" y="16" font-size="13" font-weight="bold">{{.Title}}</text>
{{- range .Panels}}
<g transform="translate({{.X}},0)">
<text x="{{$.ML}}" y="32" dx="-40" font-weight="bold">{{.Title}}</text><text x="{{$.ML}}" y="{{$.Bottom}}" dy="30" fill="#555">{{.Totals}}</text>
<line x1="{{$.ML}}" y1="{{$.Bottom}}" x2="{{$.Right}}" y2="{{$.Bottom}}" stroke="#333"/>
<line x1="{{$.ML}}" y1="{{$.MT}}" x2="{{$.ML}}" y2="{{$.Bottom}}" stroke="#333"/>
<text x="{{$.ML}}" y="{{$.MT}}" dx="-4" text-anchor="end">{{.Max}}</text>
<text x="{{$.ML}}" y="{{$.Bottom}}" dx="-4" text-anchor="end">0</text>
{{- range .Secs}}
<text x="{{.X}}" y="{{$.Bottom}}" dy="12" text-anchor="middle" fill="#555">{{.Label}}</text>
{{- end}}
{{- range .Bars}}{{$x := .X}}{{$w := .W}}
{{- range .Blocks}}
<rect x="{{$x}}" y="{{.Y}}" width="{{$w}}" height="{{.H}}" fill="{{.Color}}"/>
{{- end}}
{{- end}}
{{- range .Marks}}
<line x1="{{.X}}" y1="{{$.MT}}" x2="{{.X}}" y2="{{$.Bottom}}" stroke="#1d3557" stroke-dasharray="3,2"/>
<text x="{{.X}}" y="{{$.MT}}" dy="-2" text-anchor="middle" fill="#1d3557">{{.Label}}</text>
{{- end}}
</g>
{{- end}}
<g transform="translate(10,{{.LegendY}})">
{{- range .Legend}}
<rect x="{{.X}}" width="10" height="10" fill="{{.Color}}"/><text x="{{.X}}" dx="14" y="9">{{.Label}}</text>
{{- end}}
<text x="{{.NoteX}}" y="9" fill="#555">{{.Note}}</text>
</g>
</svg>
`))

// SVG writes the panels side by side with [CallsLegend]; see [SVGLegend].
func SVG(w io.Writer, title string, panels []Panel) error {
	return SVGLegend(w, title, CallsLegend, panels)
}

// SVGLegend writes the panels side by side, one bar per Bucket stacked by
// class, the signals as dashed lines, on one time axis, the classes named by
// legend; each panel has its own scale, its peak written on its axis.
func SVGLegend(w io.Writer, title string, legend Legend, panels []Panel) error {
	type snap struct {
		buckets [][numClasses]int
		marks   []Mark
	}
	snaps := make([]snap, len(panels))
	n := 1
	for i, p := range panels {
		snaps[i].buckets, snaps[i].marks = p.Timeline.snapshot()
		n = max(n, len(snaps[i].buckets))
	}
	plotW, plotH := float64(panelW-marginL-10), float64(panelH-marginT-marginB)
	barW := plotW / float64(n)
	bottom := float64(marginT) + plotH
	view := struct {
		W, H, LegendY         int
		Title                 string
		ML, MT, Right, Bottom float64
		Panels                []panelView
		Legend                []legendItem
		NoteX                 float64
		Note                  string
	}{W: panelW * len(panels), H: panelH + 20, LegendY: panelH + 4, Title: title,
		ML: marginL, MT: marginT, Right: marginL + plotW, Bottom: bottom, Note: legend.Note}
	x := 0.0
	for c := range numClasses {
		view.Legend = append(view.Legend, legendItem{X: x, Color: colors[c], Label: legend.Labels[c]})
		x += float64(14 + legendCharW*len([]rune(legend.Labels[c])) + 16)
	}
	view.NoteX = x
	for i, p := range panels {
		// Each panel has its own scale: clients retry a refused call at once,
		// so refusals would flatten the other panel's bars.
		peak := 1
		for _, b := range snaps[i].buckets {
			peak = max(peak, b[OK]+b[Failed]+b[Refused])
		}
		pv := panelView{X: float64(i * panelW), Title: p.Title, Max: peak}
		var totals [numClasses]int
		for j, b := range snaps[i].buckets {
			x := float64(marginL) + float64(j)*barW
			y := bottom
			br := bar{X: x, W: max(barW-0.5, 0.5)}
			for c := range numClasses {
				totals[c] += b[c]
				if b[c] == 0 {
					continue
				}
				h := plotH * float64(b[c]) / float64(peak)
				if c != OK {
					h = max(h, 2) // a single failure stays visible
				}
				y -= h
				br.Blocks = append(br.Blocks, block{Y: y, H: h, Color: colors[c]})
			}
			pv.Bars = append(pv.Bars, br)
		}
		for _, m := range snaps[i].marks {
			pv.Marks = append(pv.Marks, markView{X: float64(marginL) + float64(m.At)/float64(Bucket)*barW, Label: m.Label})
		}
		for s := 0; s*int(time.Second/Bucket) <= n; s += max(1, n/int(time.Second/Bucket)/8) {
			pv.Secs = append(pv.Secs, tick{X: float64(marginL) + float64(s*int(time.Second/Bucket))*barW, Label: fmt.Sprintf("%ds", s)})
		}
		pv.Totals = fmt.Sprintf("%d %s, %d %s, %d %s", totals[OK], legend.Totals[OK],
			totals[Failed], legend.Totals[Failed], totals[Refused], legend.Totals[Refused])
		view.Panels = append(view.Panels, pv)
	}
	return svgTemplate.Execute(w, view)
}
