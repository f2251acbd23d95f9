package components

import (
	"math"
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// GoodnessLayer is one hidden layer's scores under every label.
type GoodnessLayer struct {
	Title     string    // e.g. "Hidden 1"
	Values    []float64 // one per label; finite
	Threshold float64   // the layer's threshold; Gap when it has none
}

// GoodnessBars shows, for the input the diagnostics look at, each hidden
// layer's goodness under every label as a small bar chart with the layer's
// threshold as a dashed line: forward-forward calls a label right where
// the goodness rises above the threshold, and predicts the label of
// largest goodness (summed over the layers).
type GoodnessBars struct {
	goapp.Compo

	Layers []GoodnessLayer
	Labels []string // the labels' names, e.g. "0", "1"
	Colors []string // the labels' CSS colours
	// Truth is the label the nearest training example has (−1 if none);
	// it is underlined.
	Truth int
	Where string // which input, e.g. "at (0.31, −0.52)"
}

// Bar chart geometry in view box units.
const (
	barW, barH       = 160.0, 90.0
	barL, barR       = 4.0, 4.0
	barT, barB       = 6.0, 14.0
	barGap           = 0.25 // share of a slot left empty
	barLabelFontSize = "9"
)

// Bar is one bar of a bar chart, in view box units.
type Bar struct {
	X, Y, W, H float64
}

// BarLayout places one bar per value in a w×h box with margins (left,
// right, top, bottom: barL, barR, barT, barB), from 0 up to the larger of
// the values and the threshold (when finite), with some headroom. It
// returns the bars and the threshold's y (NaN when not finite); values
// that are not finite or negative get empty bars.
func BarLayout(values []float64, threshold, w, h float64) (bars []Bar, ty float64) {
	top := 0.0
	for _, v := range values {
		if finite(v) {
			top = math.Max(top, v)
		}
	}
	if finite(threshold) {
		top = math.Max(top, threshold)
	}
	if top <= 0 {
		top = 1
	}
	top *= 1.1
	y := Linear{D0: 0, D1: top, R0: h - barB, R1: barT}
	n := len(values)
	slot := (w - barL - barR) / math.Max(1, float64(n))
	bars = make([]Bar, n)
	for i, v := range values {
		b := Bar{X: barL + slot*(float64(i)+barGap/2), W: slot * (1 - barGap), Y: h - barB}
		if finite(v) && v > 0 {
			b.Y = y.At(v)
			b.H = h - barB - b.Y
		}
		bars[i] = b
	}
	ty = math.NaN()
	if finite(threshold) {
		ty = y.At(threshold)
	}
	return bars, ty
}

// Render implements goapp.Composer.
func (g *GoodnessBars) Render() goapp.UI {
	charts := make([]goapp.UI, len(g.Layers))
	for l, layer := range g.Layers {
		charts[l] = g.chart(layer)
	}
	return goapp.Figure().Class("diag", "goodness-bars").Body(
		goapp.Div().Class("diag-head").Body(
			goapp.H4().Class("diag-title").Text("Goodness of each label "+g.Where),
		),
		goapp.Div().Class("bar-charts").Body(charts...),
		goapp.P().Class("help").Text("Forward-forward runs the input once with each label and measures each hidden layer's goodness Σ h²: the bars. "+
			"Above the dashed threshold a layer calls the pair positive; the prediction is the label of largest goodness. "+
			"The underlined label is the nearest training example's. Move the pointer over the map to probe other points."),
	)
}

func (g *GoodnessBars) chart(layer GoodnessLayer) goapp.UI {
	bars, ty := BarLayout(layer.Values, layer.Threshold, barW, barH)
	best := -1
	for k, v := range layer.Values {
		if finite(v) && (best < 0 || v > layer.Values[best]) {
			best = k
		}
	}
	var parts []goapp.UI
	parts = append(parts, svg("line").Class("axis").
		Attr("x1", coord(barL)).Attr("x2", coord(barW-barR)).
		Attr("y1", coord(barH-barB)).Attr("y2", coord(barH-barB)))
	for k, b := range bars {
		color := "currentColor"
		if k < len(g.Colors) {
			color = g.Colors[k]
		}
		rect := svg("rect").Class("bar").
			Attr("x", coord(b.X)).Attr("y", coord(b.Y)).
			Attr("width", coord(b.W)).Attr("height", coord(b.H)).
			Attr("fill", color)
		if k == best {
			rect = rect.Class("bar-best")
		}
		label := strconv.Itoa(k)
		if k < len(g.Labels) {
			label = g.Labels[k]
		}
		text := svg("text").Class("tick").
			Attr("x", coord(b.X+b.W/2)).Attr("y", coord(barH-3)).
			Attr("text-anchor", "middle").Attr("font-size", barLabelFontSize).Text(label)
		if k == g.Truth {
			text = text.Class("bar-truth").Attr("text-decoration", "underline")
		}
		parts = append(parts, rect, text)
	}
	if !math.IsNaN(ty) {
		parts = append(parts, svg("line").Class("threshold").
			Attr("x1", coord(barL)).Attr("x2", coord(barW-barR)).
			Attr("y1", coord(ty)).Attr("y2", coord(ty)))
	}
	values := ""
	for k, v := range layer.Values {
		if k > 0 {
			values += ", "
		}
		values += strconv.Itoa(k) + ": " + FormatNumber(v)
	}
	threshold := "no threshold"
	if finite(layer.Threshold) {
		threshold = "threshold " + FormatNumber(layer.Threshold)
	}
	return goapp.Div().Class("bar-chart").Body(
		goapp.Div().Class("bar-chart-title").Body(
			goapp.Span().Text(layer.Title),
			goapp.Span().Class("bar-chart-note").Text(threshold),
		),
		svg("svg").Class("bar-svg").Attr("viewBox", "0 0 "+coord(barW)+" "+coord(barH)).
			Role("img").Aria("label", layer.Title+" goodness per label ("+values+"), "+threshold).
			Body(parts...),
	)
}
