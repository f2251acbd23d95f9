package components

import (
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ActivationLayer is one hidden layer's activity in an Activations view.
type ActivationLayer struct {
	Title  string
	Units  int       // units in the layer
	Lo, Hi float64   // the smallest and largest activity of the layer
	Values []float64 // the first units' activities (at most all of them)
	Colors []string  // CSS colour of each shown unit, as app/ maps them
}

// ClassBar is one output class of an Activations view.
type ClassBar struct {
	Label      string
	Value      float64 // probability, 0 … 1
	True, Pred bool
}

// Activations is #activations: what one example causes in the network,
// layer by layer: the image (canvas GalleryDetailID, Grid×Grid, painted by
// app/), each hidden layer's units as a strip of coloured cells (orange
// negative, blue positive, scaled by the layer's largest activity), and
// the output's class probabilities as bars.
type Activations struct {
	goapp.Compo

	Index   int    // of the example in its set
	Label   string // its true class
	Grid    int
	Layers  []ActivationLayer
	Outputs []ClassBar
}

// Render implements goapp.Composer.
func (a *Activations) Render() goapp.UI {
	layers := make([]goapp.UI, 0, len(a.Layers)+1)
	for _, l := range a.Layers {
		cells := make([]goapp.UI, len(l.Colors))
		for j, c := range l.Colors {
			v := 0.0
			if j < len(l.Values) {
				v = l.Values[j]
			}
			cells[j] = goapp.Span().Class("act-cell").Style("background", c).
				Title("%s", "neuron "+strconv.Itoa(j+1)+": "+FormatNumber(v))
		}
		note := FormatCount(l.Units) + plural(l.Units, " neuron", " neurons") + ", activity " + FormatNumber(l.Lo) + " to " + FormatNumber(l.Hi)
		if len(l.Colors) < l.Units {
			note += "; the first " + strconv.Itoa(len(l.Colors)) + " shown"
		}
		layers = append(layers, goapp.Div().Class("act-layer").Body(
			goapp.Div().Class("act-head").Body(
				goapp.Strong().Text(l.Title),
				goapp.Span().Class("help").Text(" "+note),
			),
			goapp.Div().Class("act-cells").Aria("hidden", "true").Body(cells...),
		))
	}
	bars := make([]goapp.UI, len(a.Outputs))
	for c, o := range a.Outputs {
		class := ""
		switch {
		case o.True && o.Pred:
			class = "act-right"
		case o.Pred:
			class = "act-wrong"
		case o.True:
			class = "act-true"
		}
		row := ""
		if o.True {
			row = "act-row-true"
		}
		bars[c] = goapp.Div().Class("act-bar-row", row).Body(
			goapp.Span().Class("act-bar-label").Text(o.Label),
			goapp.Span().Class("act-bar-track").Body(
				goapp.Span().Class("act-bar", class).Style("width", "%s%%", strconv.FormatFloat(100*o.Value, 'f', 1, 64)),
			),
			goapp.Span().Class("act-bar-value").Text(confidence(o.Value)),
		)
	}
	return goapp.Div().ID("activations").Class("activations").DataSet("index", a.Index).Body(
		goapp.Div().Class("act-image").Body(
			&CanvasMap{ID: GalleryDetailID, Grid: a.Grid, Class: "act-map",
				Label: "Example " + strconv.Itoa(a.Index+1) + " of the set, a " + a.Label},
			goapp.Button().ID("activations-close").Class("btn").Text("Close").OnClick(a.onClose),
		),
		goapp.Div().Class("act-layers").Body(
			append(layers, goapp.Div().Class("act-layer").Body(
				goapp.Div().Class("act-head").Body(
					goapp.Strong().Text("Output"),
					goapp.Span().Class("help").Text(" the probability of each class; the true class outlined"),
				),
				goapp.Div().Class("act-bars").Body(bars...),
			))...,
		),
	)
}

func (a *Activations) onClose(ctx goapp.Context, e goapp.Event) {
	post(ctx, ActionGallery, GalleryPick{Index: -1})
}
