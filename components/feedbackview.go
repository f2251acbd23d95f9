package components

import (
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The canvases of a FeedbackView, which app/ paints (Cols×Rows pixels,
// one per weight).
const (
	FeedbackForwardID = "feedback-forward"
	FeedbackMatrixID  = "feedback-matrix"
)

// FeedbackView draws, for one weight layer of a rule that sends errors
// back through matrices of its own (feedback alignment and its family),
// the forward weights W and the feedback matrix B that stands in for them
// side by side, as heatmaps (orange negative, blue positive, each scaled
// by its own largest |value|). A select (#feedback-layer) picks the layer
// (ActionView "layer").
type FeedbackView struct {
	goapp.Compo

	Layers []Option // the layers that have a feedback matrix
	Layer  string
	// Rows and Cols are the matrices' shape: units of the layer fed, and
	// of the layer feeding it.
	Rows, Cols int
	// ForwardTitle and FeedbackTitle name the matrices, e.g. "W₂" and "B₂".
	ForwardTitle, FeedbackTitle string
	RowsName, ColsName          string // e.g. "hidden 2", "hidden 1"
	// Angle and Ratio are the layer's alignment angle and ‖B‖/‖W‖, written
	// for reading ("–" when unknown).
	Angle, Ratio string
}

// Render implements goapp.Composer.
func (f *FeedbackView) Render() goapp.UI {
	shape := strconv.Itoa(f.Rows) + "×" + strconv.Itoa(f.Cols)
	return goapp.Figure().Class("diag", "feedback-view").Body(
		goapp.Div().Class("diag-head").Body(
			goapp.H4().Class("diag-title").Text("Feedback next to the weights it replaces"),
			goapp.If(len(f.Layers) > 1, func() goapp.UI {
				return goapp.Select().ID("feedback-layer").Class("select", "select-inline").
					Aria("label", "Weight layer").Title("The weight layer whose matrices are drawn").
					OnChange(f.onLayer).
					Body(goapp.Range(f.Layers).Slice(func(i int) goapp.UI {
						o := f.Layers[i]
						return goapp.Option().Value(o.Value).Selected(o.Value == f.Layer).Text(o.Label)
					}))
			}),
		),
		goapp.Div().Class("heatmap-pair").Body(
			f.heatmap(FeedbackForwardID, f.ForwardTitle+" (forward)", "The forward weights "+f.ForwardTitle+" ("+shape+")"),
			f.heatmap(FeedbackMatrixID, f.FeedbackTitle+" (feedback)", "The feedback matrix "+f.FeedbackTitle+" that carries errors back in place of "+f.ForwardTitle+" ("+shape+")"),
		),
		goapp.P().Class("diag-figures").Body(
			goapp.Span().Body(goapp.Text("Angle "), goapp.Strong().Class("num").Text(f.Angle)),
			goapp.Span().Body(goapp.Text("‖"+f.FeedbackTitle+"‖/‖"+f.ForwardTitle+"‖ "), goapp.Strong().Class("num").Text(f.Ratio)),
		),
		goapp.P().Class("help").Text("One square per weight: rows are the units of "+f.RowsName+", columns those of "+f.ColsName+
			"; orange negative, blue positive, each matrix scaled by its largest weight. As the forward weights come to resemble the feedback, the two pictures look alike and the angle falls below 90°."),
	)
}

func (f *FeedbackView) heatmap(id, title, label string) goapp.UI {
	return goapp.Div().Class("heatmap").Body(
		goapp.Div().Class("heatmap-title").Text(title),
		goapp.Canvas().ID("%s", id).Class("heatmap-canvas").
			Width(max(f.Cols, 1)).Height(max(f.Rows, 1)).
			Style("aspect-ratio", strconv.Itoa(max(f.Cols, 1))+" / "+strconv.Itoa(max(f.Rows, 1))).
			Role("img").Aria("label", label).Title("%s", label),
	)
}

func (f *FeedbackView) onLayer(ctx goapp.Context, e goapp.Event) {
	post(ctx, ActionView, ViewOption{Key: "layer", Value: ctx.JSSrc().Get("value").String()})
}
