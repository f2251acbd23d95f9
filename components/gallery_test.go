package components

import (
	"testing"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestGallery(t *testing.T) {
	t.Parallel()
	g := &Gallery{
		Items: []GalleryItem{
			{Index: 7, Label: "4", Pred: "9", Confidence: 0.62},
			{Index: 3, Label: "1", Pred: "1", Confidence: 0.55},
		},
		Grid: 14, Set: "test", Selected: 3,
		Detail: &Activations{Index: 3, Label: "1", Grid: 14,
			Layers:  []ActivationLayer{{Title: "Hidden 1", Units: 3, Lo: -0.5, Hi: 1, Values: []float64{0, 1, -0.5}, Colors: []string{"#fff", "#00f", "#f80"}}},
			Outputs: []ClassBar{{Label: "0", Value: 0.45}, {Label: "1", Value: 0.55, True: true, Pred: true}},
		},
	}
	load(t, g)
	match(t, goapp.Figure().ID("gallery").Class("gallery").DataSet("count", 2).DataSet("wrong", 1), g, 0)
	item := "Example 8: a 4, predicted 9 with 62% confidence"
	match(t, goapp.Button().Class("gallery-item", "gallery-wrong").ID("gallery-item-%d", 7).
		DataSet("index", 7).DataSet("label", "4").DataSet("pred", "9").
		Aria("pressed", false).Aria("label", item).Title("%s", item).
		OnClick(func(goapp.Context, goapp.Event) {}), g, 0, 0, 0, 0)
	match(t, &CanvasMap{ID: "gallery-7", Grid: 14, Class: "gallery-map"}, g, 0, 0, 0, 0, 0)
	match(t, goapp.Text("is 4"), g, 0, 0, 0, 0, 1, 2, 0)
	match(t, goapp.Button().Class("gallery-item", "gallery-right").ID("gallery-item-%d", 3).
		DataSet("index", 3).DataSet("label", "1").DataSet("pred", "1").
		Aria("pressed", true).Aria("label", "Example 4: a 1, predicted 1 with 55% confidence").
		Title("%s", "Example 4: a 1, predicted 1 with 55% confidence").
		OnClick(func(goapp.Context, goapp.Event) {}), g, 0, 0, 1, 0)
	// The detail: the picked image, a hidden layer, the output bars.
	match(t, goapp.Div().ID("activations").Class("activations").DataSet("index", 3), g, 0, 2, 0)
	match(t, goapp.Text("Hidden 1"), g, 0, 2, 0, 1, 0, 0, 0, 0)
	match(t, goapp.Text(" 3 neurons, activity −0.5 to 1"), g, 0, 2, 0, 1, 0, 0, 1, 0)
	match(t, goapp.Span().Class("act-bar", "act-right").Style("width", "%s%%", "55.0"), g, 0, 2, 0, 1, 1, 1, 1, 1, 0)
}
